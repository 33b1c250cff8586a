# frozen_string_literal: true

require 'fileutils'
require 'rbconfig'
require 'rubygems/package'

module ZCRMSDKTasks
  # The precompiled gem for this machine's platform (e.g. ZCRMSDK-1.1.0-x86_64-linux.gem):
  # the source gem's Ruby files plus, for every Ruby ABI the machine can build for, both
  # libraries as lib/zcrmsdk/<major.minor>/*.so (lib/zcrmsdk/native.rb loads from there). No
  # Rust sources and no extconf: installing it compiles nothing.
  class PlatformGem
    include FileUtils

    LIBRARIES = %w[zcrmsdk_native zcrmsdk_testing_native].freeze
    # What only a source build needs.
    SOURCE_ONLY = %r{\A(ext|crates)/|\ACargo\.(toml|lock)\z}

    def initialize(profile:, out_dir:)
      @profile = profile
      @out_dir = out_dir
      @staging = File.join(ROOT, 'tmp', 'native', Gem::Platform.local.to_s)
    end

    # Compiles (through `compile`, a block taking ruby, abi, libdir, prefix), stages, packs;
    # returns the gem's path.
    def build(&compile)
      source = Gem::Specification.load(GEMSPEC)
      rm_rf @staging
      ruby_files = source.files.grep_v(SOURCE_ONLY)
      ruby_files.each { |f| install_file(f) }
      abis = Rubies.buildable.map do |abi, ruby|
        compile.call(ruby, abi, File.join(@staging, 'lib'), "/zcrmsdk/#{abi}")
        abi
      end
      pack(platform_spec(source, ruby_files + libraries(abis), abis))
    end

    private

    def install_file(file)
      mkdir_p File.dirname(File.join(@staging, file))
      cp File.join(ROOT, file), File.join(@staging, file), preserve: true
    end

    # Staged libraries, without debug info (a no-op for the release profile, which strips;
    # a dev build carries ~100 MB of it per library).
    def libraries(abis)
      dlext = RbConfig::CONFIG['DLEXT']
      files = abis.product(LIBRARIES).map { |abi, lib| "lib/zcrmsdk/#{abi}/#{lib}.#{dlext}" }
      strip = ENV.fetch('STRIP', 'strip')
      files.each do |f|
        system(strip, '--strip-debug', File.join(@staging, f)) || warn("rake native gem: could not #{strip} #{f}")
      end
      files
    end

    def platform_spec(source, files, abis)
      source.dup.tap do |spec|
        spec.platform = Gem::Platform.local
        spec.files = files.sort
        spec.extensions = []
        spec.requirements = []
        spec.required_ruby_version = Rubies.requirement(abis)
      end
    end

    def pack(spec)
      built = Dir.chdir(@staging) { Gem::Package.build(spec) }
      mkdir_p @out_dir
      File.join(@out_dir, built).tap { |gem| mv File.join(@staging, built), gem }
    end
  end

  # The Rubies this machine builds the extension for.
  module Rubies
    module_function

    # { "3.1" => "/usr/bin/ruby3.1", ... }: the Ruby running rake and every rubyX.Y on PATH
    # (Debian's names for side-by-side Rubies), or exactly those listed in RUBIES="path ...";
    # one per ABI, only those with their C headers (rb-sys needs ruby.h).
    def buildable
      candidates = ENV['RUBIES'] ? ENV['RUBIES'].split : [RbConfig.ruby, *on_path]
      found = candidates.filter_map { |ruby| (abi = abi_of(ruby)) && [abi, ruby] }.uniq(&:first).to_h
      raise 'rake native gem: no Ruby with its development headers (Debian: ruby-dev)' if found.empty?

      found.sort_by { |abi, _| Gem::Version.new(abi) }.to_h
    end

    def on_path
      ENV.fetch('PATH', '').split(File::PATH_SEPARATOR).flat_map { |dir| Dir[File.join(dir, 'ruby[0-9].[0-9]*')] }
         .select { |f| File.basename(f).match?(/\Aruby\d+\.\d+\z/) && File.executable?(f) }
    end

    def abi_of(ruby)
      probe = 'print RUBY_VERSION[/\d+\.\d+/], " ", File.exist?(File.join(RbConfig::CONFIG["rubyhdrdir"], "ruby.h"))'
      abi, headers = IO.popen([ruby, '--disable-gems', '-rrbconfig', '-e', probe], err: File::NULL, &:read).to_s.split
      warn "rake native gem: skipping #{ruby} (Ruby #{abi}): no ruby.h (install its -dev package)" if headers == 'false'
      abi if headers == 'true'
    rescue SystemCallError
      nil
    end

    # The Rubies the gem holds libraries for: ["3.1", "3.2"] => ">= 3.1", "< 3.3.dev".
    def requirement(abis)
      versions = abis.map { |abi| Gem::Version.new(abi) }
      gap = versions.each_cons(2).find { |a, b| b.segments != [a.segments[0], a.segments[1] + 1] }
      raise "rake native gem: no Ruby between #{gap.join(' and ')}; the gem would claim it" if gap

      upper = versions.last.segments.then { |major, minor| "#{major}.#{minor + 1}.dev" }
      [">= #{versions.first}", "< #{upper}"]
    end
  end
end
