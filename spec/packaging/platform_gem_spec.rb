# frozen_string_literal: true

require 'fileutils'
require 'rubygems/package'
require 'tmpdir'

# What a user on this platform gets from the precompiled gem that `rake native gem` builds:
# installed into an empty GEM_HOME on a machine without cargo, rustc, a C compiler or make,
# it compiles nothing and runs the Kaizen #18 walkthrough against the emulator.
#
# The gem is built with ZCRMSDK_CARGO_PROFILE=dev: `rake native gem` then packs the dev-profile
# libraries bin/setup already built (cargo finds them up to date), instead of a release build
# that would cost CI several minutes. The release profile changes what the libraries contain,
# not how they are packed, staged or loaded.
RSpec.describe 'ZCRMSDK as a precompiled platform gem', :packaging do
  include ZCRMSDKSpec::GemSandbox

  abi = RUBY_VERSION[/\d+\.\d+/]
  dlext = RbConfig::CONFIG['DLEXT']

  before(:all) do
    @tmp = Dir.mktmpdir('zcrmsdk-native-gem-')
    build_env = clean_env('ZCRMSDK_CARGO_PROFILE' => 'dev', 'PKG_DIR' => @tmp, 'CARGO_TARGET_DIR' => cargo_target_dir,
                          'RUBIES' => RbConfig.ruby)
    build_took = elapsed { run!(build_env, RbConfig.ruby, '-S', 'rake', 'native', 'gem', chdir: ZCRMSDKSpec::GemSandbox::ROOT) }
    @gem_file = File.join(@tmp, "ZCRMSDK-#{ZCRMSDK::VERSION}-#{Gem::Platform.local}.gem")
    @gem_home = File.join(@tmp, 'gems')
    @no_toolchain = env_without_toolchain(File.join(@tmp, 'machine'))
    @install_output = nil
    install_took = elapsed do
      @install_output = run!(@no_toolchain, *install_command(@gem_home, @gem_file), chdir: @tmp)
    end
    RSpec.configuration.reporter.message(
      format("\n  [packaging] rake native gem (dev profile): %<b>.1fs, %<kb>d KB; gem install: %<i>.1fs",
             b: build_took, kb: File.size(@gem_file) / 1024, i: install_took)
    )
  end

  after(:all) { FileUtils.rm_rf(@tmp) if @tmp }

  let(:spec) { Gem::Package.new(@gem_file).spec }

  it "holds both libraries for Ruby #{abi} and neither Rust sources nor an extconf" do
    expect(spec.platform.to_s).to eq(Gem::Platform.local.to_s)
    expect(spec.extensions).to be_empty
    expect(spec.files).to include("lib/zcrmsdk/#{abi}/zcrmsdk_native.#{dlext}",
                                  "lib/zcrmsdk/#{abi}/zcrmsdk_testing_native.#{dlext}",
                                  'lib/ZCRMSDK.rb', 'lib/zcrmsdk/native.rb', 'exe/zcrm')
    expect(spec.files.grep(%r{\A(ext|crates)/|\ACargo\.|\.rs\z|extconf})).to be_empty
    expect(spec.files.grep(/\.#{dlext}\z/).size).to eq(2)
  end

  it 'requires the Ruby versions it holds libraries for, and no other' do
    major, minor = abi.split('.').map(&:to_i)
    requirement = spec.required_ruby_version
    expect(requirement).to be_satisfied_by(Gem::Version.new("#{abi}.0"))
    expect(requirement).to be_satisfied_by(Gem::Version.new("#{abi}.99"))
    expect(requirement).not_to be_satisfied_by(Gem::Version.new("#{major}.#{minor + 1}.0"))
    expect(requirement).not_to be_satisfied_by(Gem::Version.new("#{major}.#{minor + 1}.0.preview1"))
    expect(requirement).not_to be_satisfied_by(Gem::Version.new("#{major}.#{minor - 1}.99"))
  end

  it 'installs on a machine without cargo, rustc or a C compiler, building nothing' do
    expect(@install_output).to include("Successfully installed ZCRMSDK-#{ZCRMSDK::VERSION}-#{Gem::Platform.local}")
    expect(@install_output).not_to include('Building native extensions')
    expect(Dir.glob(File.join(@gem_home, 'extensions', '**', "*.#{dlext}"))).to be_empty
  end

  it 'runs the Kaizen #18 walkthrough with the Ruby-version library, still without a toolchain' do
    emulator = ZCRMSDKSpec::EmulatorProcess.start
    begin
      Dir.mktmpdir('zcrmsdk-walkthrough-') do |work|
        output, status = run_walkthrough(emulator, gem_home: @gem_home, work: work, env: @no_toolchain)

        expect(status).to be_success, output
        gem_dir = File.join(@gem_home, 'gems', "ZCRMSDK-#{ZCRMSDK::VERSION}-#{Gem::Platform.local}")
        expect(output).to include("native library: #{gem_dir}/lib/zcrmsdk/#{abi}/zcrmsdk_native.#{dlext}",
                                  "current user: #{emulator.user_email}", 'WALKTHROUGH OK')
        expect(emulator.stats).to include('token_exchanges' => 1)
      end
    ensure
      emulator.stop
    end
  end

  it "loads the emulator library for ZCRMSDK::Testing from lib/zcrmsdk/#{abi}/" do
    script = <<~RUBY
      require 'zcrmsdk/testing'
      emulator = ZCRMSDK::Testing::Emulator.start
      puts $LOADED_FEATURES.grep(/zcrmsdk_testing_native/).first
      puts "grant token: \#{emulator.grant_token.empty? ? 'missing' : 'issued'}"
      emulator.stop
    RUBY
    output, status = Open3.capture2e(@no_toolchain.merge('GEM_HOME' => @gem_home, 'GEM_PATH' => @gem_home),
                                     RbConfig.ruby, '-e', script, chdir: @tmp)

    expect(status).to be_success, output
    expect(output).to include("/lib/zcrmsdk/#{abi}/zcrmsdk_testing_native.#{dlext}", 'grant token: issued')
  end
end
