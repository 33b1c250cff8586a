# frozen_string_literal: true

require 'open3'
require 'rbconfig'
require 'tmpdir'

# What ext/zcrmsdk/extconf.rb asks make to build and install (the Makefile only: building is
# the gem install spec's business).
RSpec.describe 'ext/zcrmsdk/extconf.rb' do
  def makefile(env = {})
    Dir.mktmpdir('zcrmsdk-extconf') do |dir|
      extconf = File.expand_path('../../ext/zcrmsdk/extconf.rb', __dir__)
      out, status = Open3.capture2e(env, RbConfig.ruby, extconf, chdir: dir)
      raise out unless status.success?

      File.read(File.join(dir, 'Makefile'))
    end
  end

  it 'builds the engine and the emulator in one cargo run and installs both libraries' do
    text = makefile
    expect(text).to include('-p zcrmsdk -p zcrmsdk_testing --lib')
    expect(text.scan(%r{\$\(LIBDIR\)/(\w+)\.#{RbConfig::CONFIG['DLEXT']}"$})).to eq([['zcrmsdk_native'],
                                                                                    ['zcrmsdk_testing_native']])
  end

  it 'builds the engine alone with ZCRMSDK_SKIP_TESTING=1' do
    text = makefile('ZCRMSDK_SKIP_TESTING' => '1')
    expect(text).to include('-p zcrmsdk --lib')
    expect(text).not_to include('zcrmsdk_testing')
  end
end
