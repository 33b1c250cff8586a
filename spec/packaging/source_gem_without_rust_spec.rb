# frozen_string_literal: true

require 'fileutils'
require 'tmpdir'

# The source gem on a machine without Rust (a platform with no precompiled gem): the install
# stops at extconf.rb with a message saying what is missing and how to get it.
RSpec.describe 'ZCRMSDK source gem without a Rust toolchain', :packaging do
  include ZCRMSDKSpec::GemSandbox

  around do |example|
    Dir.mktmpdir('zcrmsdk-no-rust-') do |tmp|
      @tmp = tmp
      example.run
    end
  end

  it 'fails to install, naming cargo, how to install it, and the precompiled gem' do
    gem_file = File.join(@tmp, 'ZCRMSDK.gem')
    build_source_gem(gem_file)
    gem_home = File.join(@tmp, 'gems')
    output, status = Open3.capture2e(env_without_toolchain(File.join(@tmp, 'machine')),
                                     *install_command(gem_home, gem_file), chdir: @tmp)

    expect(status).not_to be_success
    expect(output).to include('ZCRMSDK: `cargo` (the Rust toolchain) was not found',
                              'https://sh.rustup.rs', 'CARGO=/path/to/cargo',
                              "no precompiled ZCRMSDK gem matches #{Gem::Platform.local} with Ruby #{RUBY_VERSION[/\d+\.\d+/]}")
    expect(Dir.glob(File.join(gem_home, 'specifications', '*.gemspec'))).to be_empty
  end
end
