# frozen_string_literal: true

# `rake compile` builds the extension through the same extconf.rb/Makefile that `gem install`
# uses, in tmp/build/, reusing the repository's cargo target folder, and installs the library
# as lib/zcrmsdk/zcrmsdk_native.so and lib/zcrmsdk/zcrmsdk_testing_native.so.

def zcrmsdk_compile(profile)
  root = ZCRMSDKTasks::ROOT
  build_dir = File.join(root, 'tmp', 'build', RUBY_PLATFORM, RbConfig::CONFIG['ruby_version'], profile)
  mkdir_p build_dir, verbose: false
  env = { 'ZCRMSDK_CARGO_PROFILE' => profile, 'CARGO_TARGET_DIR' => ZCRMSDKTasks.cargo_target_dir }
  started = Process.clock_gettime(Process::CLOCK_MONOTONIC)
  sh env, RbConfig.ruby, File.join(root, 'ext', 'zcrmsdk', 'extconf.rb'), chdir: build_dir
  sh env, ENV.fetch('MAKE', 'make'), 'install', "sitearchdir=#{File.join(root, 'lib')}", 'DESTDIR=', chdir: build_dir
  took = Process.clock_gettime(Process::CLOCK_MONOTONIC) - started
  puts format('compiled %<lib>s and its emulator library (%<profile>s profile) in %<s>.1fs',
              lib: ZCRMSDKTasks::NATIVE.delete_prefix("#{root}/"), profile: profile, s: took)
end

desc 'Build the native extension (dev profile) into lib/zcrmsdk/'
task compile: 'compile:dev'

namespace :compile do
  desc 'Build the native extension with the dev profile (fast to build, slower to run)'
  task(:dev) { zcrmsdk_compile('dev') }

  desc 'Build the native extension with the release profile (what gem install builds)'
  task(:release) { zcrmsdk_compile('release') }
end
