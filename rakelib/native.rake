# frozen_string_literal: true

require_relative 'platform_gem'

# `rake native gem`, as with rake-compiler: `native` switches `gem` from the source gem to the
# precompiled platform gem. ZCRMSDK_CARGO_PROFILE=dev packs dev-profile libraries (the packaging
# spec does, to reuse what bin/setup built); PKG_DIR puts the gem elsewhere than pkg/.
module ZCRMSDKTasks
  class << self
    attr_accessor :native_gem
  end
end

desc 'Followed by `gem` (rake native gem): build the precompiled gem for this platform'
task(:native) { ZCRMSDKTasks.native_gem = true }

desc 'Build the source gem (rake gem), or the precompiled platform gem (rake native gem)'
task(:gem) { Rake::Task[ZCRMSDKTasks.native_gem ? 'native:gem' : 'build'].invoke }

namespace :native do
  desc "Build pkg/ZCRMSDK-<version>-#{Gem::Platform.local}.gem: both libraries for every Ruby found " \
       '(RUBIES="path ..." to choose), release profile'
  task :gem do
    profile = ENV.fetch('ZCRMSDK_CARGO_PROFILE', 'release')
    out_dir = ENV.fetch('PKG_DIR') { File.join(ZCRMSDKTasks::ROOT, 'pkg') }
    gem = ZCRMSDKTasks::PlatformGem.new(profile: profile, out_dir: out_dir).build do |ruby, abi, libdir, prefix|
      zcrmsdk_compile(profile, ruby: ruby, abi: abi, libdir: libdir, prefix: prefix)
    end
    puts "built #{gem}"
  end
end
