# frozen_string_literal: true

require 'fileutils'
require 'rubygems/package'
require 'tmpdir'

# What a user gets from `gem install ZCRMSDK`: the source gem is built, installed into an empty
# GEM_HOME (compiling the Rust extension through ext/zcrmsdk/extconf.rb), and the Kaizen #18
# walkthrough runs against it from outside the checkout, talking to the local emulator.
# CARGO_TARGET_DIR points at the repository's target/ so already-built crates are reused, and
# the release profile's fat LTO and single codegen unit (which only make the library smaller)
# are swapped for thin LTO and parallel codegen, as the release profile had before: the spec is
# about packaging and installing, and a cold CI machine builds this in minutes less.
RSpec.describe 'ZCRMSDK as an installed gem', :packaging do
  include ZCRMSDKSpec::GemSandbox

  before(:all) do
    @tmp = Dir.mktmpdir('zcrmsdk-gem-')
    @gem_file = File.join(@tmp, 'ZCRMSDK.gem')
    @gem_home = File.join(@tmp, 'gems')
    build_source_gem(@gem_file)
    env = clean_env('CARGO_TARGET_DIR' => cargo_target_dir, 'GEM_HOME' => @gem_home,
                    'CARGO_PROFILE_RELEASE_LTO' => 'thin', 'CARGO_PROFILE_RELEASE_CODEGEN_UNITS' => '4')
    took = elapsed { run!(env, *install_command(@gem_home, @gem_file), chdir: @tmp) }
    @gem_dir = File.join(@gem_home, 'gems', "ZCRMSDK-#{ZCRMSDK::VERSION}")
    RSpec.configuration.reporter.message(
      format("\n  [packaging] gem install (CARGO_TARGET_DIR=%<dir>s): %<s>.1fs; installed gem dir %<kb>d KB",
             dir: cargo_target_dir, s: took, kb: dir_size_kb(@gem_dir))
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
        output, status = run_walkthrough(emulator, gem_home: @gem_home, work: work)

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
