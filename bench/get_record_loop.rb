# frozen_string_literal: true

# One record at a time (issue 8's P1): BENCH_CALLS (2,000; BENCH_QUICK=1: 500) sequential
# `get_record` calls over one kept-alive HTTPS connection to an emulator in its own process,
# against the floor: `raw-get-loop` (crates/zcrm-bench), a bare reqwest loop that GETs the same
# records over the same kind of connection and only reads the bytes. The figure that matters
# is the ratio of wall times, measured in the same run. The 1.0.x way (a new TLS connection,
# a token-file read and JSON.parse per call, see api_calls.rb) is shown for scale.
# `raw-get-loop --spawned` runs the same requests as tasks on a two-worker runtime, as the
# engine did before each call was driven by its calling thread: the cost of that hand-off.
# With two cores or more, the client side (this process, raw-get-loop) runs on one CPU and the
# emulator on another, so that the scheduler does not sometimes put them on the same one.
#
# Run: `rake bench BENCH=get_record` (release builds of the extension and of raw-get-loop).

require_relative 'support/emulator_process'

CALLS = Integer(ENV.fetch('BENCH_CALLS', ENV['BENCH_QUICK'] ? 500 : 2_000))
ROUNDS = 5
RAW_LOOP = File.join(BenchSupport::ROOT, 'target', 'release', 'raw-get-loop')
abort "#{RAW_LOOP} is missing: cargo build --release -p zcrm-bench" unless File.executable?(RAW_LOOP)

def report(label, seconds, floor = nil)
  ratio = floor ? format('  = %.2fx the floor', seconds / floor) : ''
  printf("%-34s %6d calls  wall %7.3f s = %7.1f us/call%s\n", label, CALLS, seconds, seconds / CALLS * 1e6, ratio)
end

client_cpu, server_cpu = BenchSupport.pinning
BenchSupport.with_emulator(cpu: server_cpu) do |info|
  BenchSupport.pin_self(client_cpu)
  BenchSupport.seed(info, 'Leads', CALLS)
  token = BenchSupport.sign_in(info)
  leads = ZCRMSDK::Operations::ZCRMModule.get_instance('Leads')
  ids = leads.each_record(fields: %w[Last_Name]).map(&:entity_id).first(CALLS)
  records = ids.map { |id| ZCRMSDK::Operations::ZCRMRecord.get_instance('Leads', id) }
  paths = ids.map { |id| "/crm/v2/Leads/#{id}" }
  raw_loop = lambda do |*mode|
    command = BenchSupport.pinned([RAW_LOOP, *mode, info['api_base_url'], token, info['ca_file']], client_cpu)
    out, status = Open3.capture2(*command, stdin_data: paths.join("\n"))
    raise "raw-get-loop failed: #{out}" unless status.success?

    JSON.parse(out).fetch('seconds')
  end
  gem_loop = lambda do
    started = BenchSupport.wall_seconds
    records.each { |record| leads.get_record(record.entity_id) }
    BenchSupport.wall_seconds - started
  end
  raw_loop.call && gem_loop.call # warm up: connections, code paths, the emulator's caches

  pinning = client_cpu ? "client on CPU #{client_cpu}, emulator on CPU #{server_cpu}" : 'unpinned'
  puts "#{CALLS} sequential get_record over kept-alive HTTPS, #{BenchSupport.machine}, #{pinning}"
  # Alternated round by round, best of five each: all share the machine with the emulator,
  # whose speed drifts by tens of per cent over seconds on this VM.
  rounds = Array.new(ROUNDS) { [raw_loop.call, raw_loop.call('--spawned'), gem_loop.call] }
  floor, spawned, gem = rounds.transpose.map(&:min)
  report('raw-get-loop (reqwest, the floor)', floor)
  # The same loop, each request a task on a two-worker runtime waited for from the main
  # thread: what handing a call to the runtime's threads costs by itself.
  report('raw-get-loop --spawned', spawned, floor)
  report('zcrmsdk get_record', gem, floor)
end
