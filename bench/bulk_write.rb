# frozen_string_literal: true

# Bulk Write of many rows (issue 11): the memory this process needs to send BENCH_ROWS rows
# (default 1,000,000) to Leads, built lazily by an Enumerator, through ZCRMSDK::BulkWrite:
# batches of 1,000 rows zipped by the engine into files of 25,000, each uploaded and imported
# by a job, then every row's outcome read back job by job. The emulator runs in its own
# process, so its memory (it stores every imported Lead) is not counted here.
#
#   peak RSS      VmHWM of this process, before and after (Linux); the growth is what a
#                 million rows cost the client
#   rows in memory at once   at most one batch of cells and one job's outcomes
#
# Run: `rake bench BENCH=bulk_write` (release build), or `ruby -Ilib bench/bulk_write.rb`.
# BENCH_QUICK=1 sends 100,000 rows.

require_relative 'support/emulator_process'

ROWS = Integer(ENV.fetch('BENCH_ROWS', ENV['BENCH_QUICK'] ? 100_000 : 1_000_000))

def memory_kb(field)
  File.read('/proc/self/status')[/^#{field}:\s+(\d+) kB/, 1].to_i
end

rows = Enumerator.new do |out|
  ROWS.times do |n|
    out << { 'Last_Name' => "Lead #{n}", 'Email' => "lead#{n}@bench.example", 'Company' => "Company #{n % 1000}" }
  end
end

BenchSupport.with_emulator(tls: false) do |info|
  BenchSupport.sign_in(info)
  GC.start
  peak_before = memory_kb('VmHWM')
  rss_before = memory_kb('VmRSS')
  wall = BenchSupport.wall_seconds
  cpu = BenchSupport.cpu_seconds

  result = ZCRMSDK::Operations::ZCRMModule.get_instance('Leads').bulk_write(rows, poll_interval: 0.2)
  sent = BenchSupport.wall_seconds - wall
  statuses = Hash.new(0)
  result.each { |outcome| statuses[outcome.status] += 1 }

  wall = BenchSupport.wall_seconds - wall
  cpu = BenchSupport.cpu_seconds - cpu
  raise "expected #{ROWS} added, got #{statuses.inspect}" unless statuses == { added: ROWS }

  puts BenchSupport.machine
  printf("%d rows, %d jobs: sent and imported in %.1f s, outcomes read in %.1f s (wall %.1f s, client CPU %.1f s)\n",
         ROWS, result.jobs.size, sent, wall - sent, wall, cpu)
  printf("peak RSS %d MB before, %d MB after: +%d MB; RSS now %d MB (was %d MB)\n",
         peak_before / 1024, memory_kb('VmHWM') / 1024, (memory_kb('VmHWM') - peak_before) / 1024,
         memory_kb('VmRSS') / 1024, rss_before / 1024)
end
