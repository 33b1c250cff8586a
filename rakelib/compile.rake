# frozen_string_literal: true

# `rake compile` builds the extension through the same extconf.rb/Makefile that `gem install`
# uses, in tmp/build/, reusing the repository's cargo target folder, and installs the library
# as lib/zcrmsdk/zcrmsdk_native.so and lib/zcrmsdk/zcrmsdk_testing_native.so.
# `rake native gem` (rakelib/native.rake) runs the same build once per Ruby, into a staging folder.

# Builds both libraries for the Ruby `ruby` (its ABI is `abi`, e.g. "3.1") and installs them
# into `libdir` + `prefix`.
def zcrmsdk_compile(profile, ruby: RbConfig.ruby, abi: RUBY_VERSION[/\d+\.\d+/],
                    libdir: File.join(ZCRMSDKTasks::ROOT, 'lib'), prefix: '/zcrmsdk')
  root = ZCRMSDKTasks::ROOT
  build_dir = File.join(root, 'tmp', 'build', RUBY_PLATFORM, abi, profile)
  mkdir_p build_dir, verbose: false
  env = { 'ZCRMSDK_CARGO_PROFILE' => profile, 'CARGO_TARGET_DIR' => ZCRMSDKTasks.cargo_target_dir }
  started = Process.clock_gettime(Process::CLOCK_MONOTONIC)
  sh env, ruby, File.join(root, 'ext', 'zcrmsdk', 'extconf.rb'), chdir: build_dir
  sh env, ENV.fetch('MAKE', 'make'), 'install', "sitearchdir=#{libdir}", "target_prefix=#{prefix}", 'DESTDIR=',
     chdir: build_dir
  took = Process.clock_gettime(Process::CLOCK_MONOTONIC) - started
  puts format('compiled zcrmsdk_native and zcrmsdk_testing_native for Ruby %<abi>s (%<profile>s profile) ' \
              'into %<dir>s in %<s>.1fs', abi: abi, profile: profile, dir: "#{libdir}#{prefix}".delete_prefix("#{root}/"),
                                          s: took)
end

desc 'Build the native extension (dev profile) into lib/zcrmsdk/'
task compile: 'compile:dev'

namespace :compile do
  desc 'Build the native extension with the dev profile (fast to build, slower to run)'
  task(:dev) { zcrmsdk_compile('dev') }

  desc 'Build the native extension with the release profile (what gem install builds)'
  task(:release) { zcrmsdk_compile('release') }
end
