# frozen_string_literal: true

require 'open3'
require 'rbconfig'

# A production process loads the engine only: the emulator (its server, routes and sample
# data) is a library of its own, mapped by `require 'zcrmsdk/testing'` and the `zcrm` command.
RSpec.describe 'Loading the gem' do
  def loaded_libraries(script)
    lib = File.expand_path('../../lib', __dir__)
    out, status = Open3.capture2e(RbConfig.ruby, '-I', lib, '-e', script)
    raise out unless status.success?

    out.split
  end

  let(:report) { "puts $LOADED_FEATURES.map { |f| File.basename(f, '.*') }.grep(/_native\\z/)" }

  it "maps only the engine for require 'ZCRMSDK'" do
    expect(loaded_libraries("require 'ZCRMSDK'; #{report}")).to eq(['zcrmsdk_native'])
  end

  it "adds the emulator's library for require 'zcrmsdk/testing'" do
    expect(loaded_libraries("require 'zcrmsdk/testing'; #{report}"))
      .to contain_exactly('zcrmsdk_native', 'zcrmsdk_testing_native')
  end
end
