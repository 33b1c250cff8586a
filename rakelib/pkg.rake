# frozen_string_literal: true

require 'tmpdir'

desc 'Build pkg/ZCRMSDK-<version>.gem (a source gem: compiles the Rust extension on install)'
task :build do
  mkdir_p File.join(ZCRMSDKTasks::ROOT, 'pkg'), verbose: false
  sh RbConfig.ruby, '-S', 'gem', 'build', ZCRMSDKTasks::GEMSPEC, '--output', ZCRMSDKTasks.gem_file,
     chdir: ZCRMSDKTasks::ROOT
end

namespace :pkg do
  desc 'Install the built gem into a temp GEM_HOME and require it from outside the checkout ' \
       '(COLD=1: build in the gem\'s own cargo target folder instead of reusing target/)'
  task test: :build do
    Dir.mktmpdir('zcrmsdk-pkg-') do |tmp|
      gem_home = File.join(tmp, 'gems')
      env = ZCRMSDKTasks.clean_ruby_env('GEM_HOME' => gem_home, 'GEM_PATH' => gem_home)
      env['CARGO_TARGET_DIR'] = ENV['COLD'] == '1' ? nil : ZCRMSDKTasks.cargo_target_dir
      started = Process.clock_gettime(Process::CLOCK_MONOTONIC)
      sh env, RbConfig.ruby, '-S', 'gem', 'install', '--local', '--no-document', '--install-dir', gem_home,
         ZCRMSDKTasks.gem_file
      puts format('gem install took %.1fs', Process.clock_gettime(Process::CLOCK_MONOTONIC) - started)

      gem_dir = File.join(gem_home, 'gems', "ZCRMSDK-#{ZCRMSDKTasks.version}")
      leftovers = Dir.glob('**/target', base: gem_dir).select { |d| File.directory?(File.join(gem_dir, d)) }
      abort "installed gem keeps cargo output: #{leftovers.join(', ')}" unless leftovers.empty?
      sh 'du', '-sh', gem_dir

      smoke = File.join(tmp, 'smoke.rb')
      File.write(smoke, <<~RUBY)
        require 'ZCRMSDK'
        native = $LOADED_FEATURES.grep(/zcrmsdk_native/).first
        abort "native library not loaded from the installed gem: \#{native.inspect}" unless native&.start_with?(#{gem_home.dump})
        puts "ZCRMSDK \#{ZCRMSDK::VERSION} loaded from \#{native}"
      RUBY
      sh env, RbConfig.ruby, smoke, chdir: tmp
    end
  end
end
