# frozen_string_literal: true

# Where one `get_record` call's time goes (issue 8's P1), layer by layer, on one kept-alive
# HTTPS connection to an emulator in its own process: the engine's native call alone (JSON
# arguments in, the raw answer out), then `Internal.call` (the journal's log and events, a
# RawResponse), then the 1.0.x `get_record` (mapping the record). Compare the first line with
# raw-get-loop's figure from bench/get_record_loop.rb: the difference is the engine's own cost.
#
# Run: `rake bench BENCH=call_layers` (BENCH_QUICK=1: 300 calls a layer instead of 1,000).

require_relative 'support/emulator_process'

CALLS = Integer(ENV.fetch('BENCH_CALLS', ENV['BENCH_QUICK'] ? 300 : 1_000))

BenchSupport.with_emulator do |info|
  leads, ids = BenchSupport.seeded_leads(info, 50)
  engine = ZCRMSDK::Internal.engine!
  user = info['user_email']
  layers = {
    'native call (engine only)' => ->(id) { engine.native.call(user, 'records.get', JSON.generate('module' => 'Leads', 'record_id' => id)) },
    'Internal.call' => ->(id) { ZCRMSDK::Internal.call('records.get', 'module' => 'Leads', 'record_id' => id) },
    'get_record (1.0.x)' => ->(id) { leads.get_record(id) }
  }
  puts "#{CALLS} calls a layer, #{BenchSupport.machine}"
  layers.each do |label, call|
    3.times { call.call(ids.first) }
    started = BenchSupport.wall_seconds
    CALLS.times { |i| call.call(ids[i % ids.size]) }
    printf("%-28s %7.1f us a call\n", label, (BenchSupport.wall_seconds - started) / CALLS * 1e6)
  end
end
