# frozen_string_literal: true

require 'fileutils'
require 'open3'
require 'rbconfig'
require 'rubygems/package'
require 'tmpdir'

# What a user gets from `gem install ZCRMSDK`: the source gem is built, installed into an empty
# GEM_HOME (compiling the Rust extension through ext/zcrmsdk/extconf.rb), and the Kaizen #18
# walkthrough runs against it from outside the checkout, talking to the local emulator.
# CARGO_TARGET_DIR points at the repository's target/ so already-built crates are reused.
RSpec.describe 'ZCRMSDK as an installed gem', :packaging do
  root = File.expand_path('../..', __dir__)

  def self.gem_command
    gem = File.join(RbConfig::CONFIG['bindir'], 'gem')
    File.executable?(gem) ? [RbConfig.ruby, gem] : [RbConfig.ruby, '-S', 'gem']
  end

  define_method(:root) { root }

  # Like a user's shell: nothing from this checkout or from Bundler leaks in.
  def clean_env(extra = {})
    cleared = %w[RUBYOPT RUBYLIB BUNDLE_GEMFILE BUNDLE_BIN_PATH BUNDLER_SETUP BUNDLER_VERSION GEM_HOME GEM_PATH]
    cleared.to_h { |k| [k, nil] }.merge(extra)
  end

  def run!(env, *cmd, chdir:)
    output, status = Open3.capture2e(env, *cmd, chdir: chdir)
    raise "command failed (#{status}): #{cmd.join(' ')}\n#{output}" unless status.success?

    output
  end

  def self.elapsed
    started = Process.clock_gettime(Process::CLOCK_MONOTONIC)
    yield
    Process.clock_gettime(Process::CLOCK_MONOTONIC) - started
  end

  before(:all) do
    @tmp = Dir.mktmpdir('zcrmsdk-gem-')
    @gem_file = File.join(@tmp, 'ZCRMSDK.gem')
    @gem_home = File.join(@tmp, 'gems')
    target_dir = ENV.fetch('CARGO_TARGET_DIR') { File.join(root, 'target') }
    build = self.class.gem_command + ['build', File.join(root, 'ZCRMSDK.gemspec'), '--output', @gem_file]
    run!(clean_env, *build, chdir: root)
    install = self.class.gem_command + ['install', '--local', '--no-document', '--install-dir', @gem_home, @gem_file]
    took = self.class.elapsed do
      run!(clean_env('CARGO_TARGET_DIR' => target_dir, 'GEM_HOME' => @gem_home), *install, chdir: @tmp)
    end
    @gem_dir = File.join(@gem_home, 'gems', "ZCRMSDK-#{ZCRMSDK::VERSION}")
    size_kb = Dir.glob('**/*', base: @gem_dir).sum { |f| File.file?(File.join(@gem_dir, f)) ? File.size(File.join(@gem_dir, f)) : 0 } / 1024
    RSpec.configuration.reporter.message(
      format("\n  [packaging] gem install (CARGO_TARGET_DIR=%<dir>s): %<s>.1fs; installed gem dir %<kb>d KB",
             dir: target_dir, s: took, kb: size_kb)
    )
  end

  after(:all) { FileUtils.rm_rf(@tmp) if @tmp }

  it 'packages the Rust workspace sources and no build output' do
    files = Gem::Package.new(@gem_file).spec.files
    expect(files).to include('Cargo.toml', 'Cargo.lock', 'ext/build.rs', 'ext/zcrmsdk/extconf.rb',
                             'ext/zcrmsdk/Cargo.toml', 'ext/zcrmsdk/src/lib.rs', 'ext/zcrmsdk_testing/Cargo.toml',
                             'ext/zcrmsdk_testing/src/lib.rs', 'crates/zcrm-core/Cargo.toml', 'crates/zcrm-core/src/lib.rs',
                             'crates/zcrm-emulator/Cargo.toml', 'lib/ZCRMSDK.rb', 'lib/zcrmsdk/version.rb')
    expect(files.grep(%r{(\A|/)target/|\.(so|bundle|dll|gem)\z|\Aspec/|/tests/})).to be_empty
  end

  it 'installs without keeping a cargo target folder, with the library where Ruby looks for it' do
    leftovers = Dir.glob('**/target', base: @gem_dir).select { |d| File.directory?(File.join(@gem_dir, d)) }
    expect(leftovers).to be_empty
    dlext = RbConfig::CONFIG['DLEXT']
    %w[zcrmsdk_native zcrmsdk_testing_native].each do |library|
      expect(File.file?(File.join(@gem_dir, 'lib', 'zcrmsdk', "#{library}.#{dlext}"))).to be(true)
      expect(Dir.glob(File.join(@gem_home, 'extensions', '**', "#{library}.#{dlext}"))).not_to be_empty
    end
  end

  it 'runs the Kaizen #18 walkthrough from outside the checkout against the emulator' do
    emulator = ZCRMSDKSpec::EmulatorProcess.start
    begin
      Dir.mktmpdir('zcrmsdk-walkthrough-') do |work|
        env = clean_env(
          'GEM_HOME' => @gem_home, 'GEM_PATH' => @gem_home,
          'ZCRM_ACCOUNTS_URL' => emulator.accounts_url, 'ZCRM_API_BASE_URL' => emulator.api_base_url,
          'ZCRM_CA_FILE' => emulator.ca_file, 'ZCRM_CLIENT_ID' => emulator.client_id,
          'ZCRM_CLIENT_SECRET' => emulator.client_secret, 'ZCRM_USER_EMAIL' => emulator.user_email,
          'ZCRM_GRANT_TOKEN' => emulator.grant, 'ZCRM_TOKEN_DIR' => work
        )
        script = File.join(root, 'spec', 'packaging', 'seed_walkthrough.rb')
        output, status = Open3.capture2e(env, RbConfig.ruby, script, chdir: work)

        expect(status).to be_success, output
        expect(output).to include("native library: #{@gem_home}/", 'tokens: generated from the grant token',
                                  'token file: present', "current user: #{emulator.user_email}",
                                  'organization: ', 'WALKTHROUGH OK')
        expect(emulator.stats).to include('token_exchanges' => 1)
      end
    ensure
      emulator.stop
    end
  end
end
