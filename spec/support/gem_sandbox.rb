# frozen_string_literal: true

require 'fileutils'
require 'open3'
require 'rbconfig'

module ZCRMSDKSpec
  # Building and installing this gem the way a user's shell would, for the packaging specs.
  module GemSandbox
    ROOT = File.expand_path('../..', __dir__)
    # What building a Rust extension needs; a "machine without a compiler" has none of them.
    TOOLCHAIN = %w[cargo rustc rustup cc gcc c++ g++ clang ld make].freeze

    module_function

    def gem_command
      gem = File.join(RbConfig::CONFIG['bindir'], 'gem')
      File.executable?(gem) ? [RbConfig.ruby, gem] : [RbConfig.ruby, '-S', 'gem']
    end

    def cargo_target_dir
      ENV.fetch('CARGO_TARGET_DIR') { File.join(ROOT, 'target') }
    end

    # Nothing from this checkout or from Bundler leaks in.
    def clean_env(extra = {})
      cleared = %w[RUBYOPT RUBYLIB BUNDLE_GEMFILE BUNDLE_BIN_PATH BUNDLER_SETUP BUNDLER_VERSION GEM_HOME GEM_PATH]
      cleared.to_h { |k| [k, nil] }.merge(extra)
    end

    # A clean environment on a machine without the Rust toolchain or a C compiler: PATH is a
    # folder (made in `dir`) linking every program of this PATH but TOOLCHAIN, HOME is empty
    # (no ~/.cargo/bin) and CARGO is unset.
    def env_without_toolchain(dir, extra = {})
      bin = File.join(dir, 'bin')
      home = File.join(dir, 'home')
      FileUtils.mkdir_p([bin, home])
      ENV.fetch('PATH').split(File::PATH_SEPARATOR).each do |path_dir|
        Dir.glob(File.join(path_dir, '*')).each do |program|
          name = File.basename(program)
          next if TOOLCHAIN.include?(name) || File.exist?(File.join(bin, name)) || !File.executable?(program)

          File.symlink(program, File.join(bin, name))
        end
      end
      clean_env('PATH' => bin, 'HOME' => home, 'CARGO' => nil, 'RUSTUP_HOME' => nil, 'CARGO_HOME' => nil).merge(extra)
    end

    def run!(env, *cmd, chdir:)
      output, status = Open3.capture2e(env, *cmd, chdir: chdir)
      raise "command failed (#{status}): #{cmd.join(' ')}\n#{output}" unless status.success?

      output
    end

    def build_source_gem(gem_file)
      run!(clean_env, *gem_command, 'build', File.join(ROOT, 'ZCRMSDK.gemspec'), '--output', gem_file, chdir: ROOT)
    end

    def install_command(gem_home, gem_file)
      gem_command + ['install', '--local', '--no-document', '--install-dir', gem_home, gem_file]
    end

    # Runs spec/packaging/seed_walkthrough.rb with the gems in `gem_home`, in `work`, against
    # `emulator` (an EmulatorProcess); returns [output, status].
    def run_walkthrough(emulator, gem_home:, work:, env: clean_env)
      walkthrough_env = env.merge(
        'GEM_HOME' => gem_home, 'GEM_PATH' => gem_home,
        'ZCRM_ACCOUNTS_URL' => emulator.accounts_url, 'ZCRM_API_BASE_URL' => emulator.api_base_url,
        'ZCRM_CA_FILE' => emulator.ca_file, 'ZCRM_CLIENT_ID' => emulator.client_id,
        'ZCRM_CLIENT_SECRET' => emulator.client_secret, 'ZCRM_USER_EMAIL' => emulator.user_email,
        'ZCRM_GRANT_TOKEN' => emulator.grant, 'ZCRM_TOKEN_DIR' => work
      )
      script = File.join(ROOT, 'spec', 'packaging', 'seed_walkthrough.rb')
      Open3.capture2e(walkthrough_env, RbConfig.ruby, script, chdir: work)
    end

    def dir_size_kb(dir)
      Dir.glob('**/*', base: dir).sum { |f| File.file?(File.join(dir, f)) ? File.size(File.join(dir, f)) : 0 } / 1024
    end

    def elapsed
      started = Process.clock_gettime(Process::CLOCK_MONOTONIC)
      yield
      Process.clock_gettime(Process::CLOCK_MONOTONIC) - started
    end
  end
end
