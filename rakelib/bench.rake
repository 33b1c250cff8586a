# frozen_string_literal: true

desc 'Run the benchmark scripts in bench/ (BENCH=name to pick one, BENCH_QUICK=1 for a short run) ' \
     'against a release build'
task bench: %w[compile:release bench:floor] do
  root = ZCRMSDKTasks::ROOT
  scripts = Dir[File.join(root, 'bench', '*.rb')].sort
  scripts.select! { |f| File.basename(f, '.rb').include?(ENV['BENCH']) } if ENV['BENCH']
  if scripts.empty?
    puts 'rake bench: no bench/*.rb scripts yet'
    next
  end

  failed = []
  scripts.each do |script|
    name = script.delete_prefix("#{root}/")
    puts "\n== #{name}"
    started = Process.clock_gettime(Process::CLOCK_MONOTONIC)
    ok = system(RbConfig.ruby, '-I', File.join(root, 'lib'), script, chdir: root)
    took = Process.clock_gettime(Process::CLOCK_MONOTONIC) - started
    puts format('== %<name>s %<result>s in %<s>.1fs', name: name, result: ok ? 'done' : 'FAILED', s: took)
    failed << name unless ok
  end
  abort "rake bench: failed: #{failed.join(', ')}" unless failed.empty?
end

namespace :bench do
  # The floor of bench/get_record_loop.rb: a bare reqwest loop (crates/zcrm-bench).
  task :floor do
    sh 'cargo', 'build', '--release', '--locked', '-p', 'zcrm-bench', '--target-dir', ZCRMSDKTasks.cargo_target_dir
  end
end
