# frozen_string_literal: true

# Bulk Read (issue 11) against walking the same records page by page, on an emulator in its
# own process, over plain HTTP on loopback:
#
#   bulk_read to CSV     leads.bulk_read(to: path): jobs, zips downloaded to a temp file, the
#                        CSV copied out (the header once)
#   bulk_read records    leads.bulk_read.each: the same, each row a ZCRMRecord
#   each_record          leads.each_record(per_page: 200): 200 records a request
#
# Each walk runs in a fresh child process, so its peak RSS (VmHWM) is its own; the figure is
# the peak minus the child's RSS once signed in (the baseline). Client CPU is the child's
# process CPU time (the emulator's work is in its own process, and in wall time). API calls are the emulator's
# count of /crm/ requests during the walk. Bulk jobs complete at once here (the emulator's
# delay knob is 0): Zoho's own processing time is not part of the figures.
#
# Run: `ruby -Ilib bench/bulk_read.rb` (BENCH_RECORDS, default 200,000 Leads; BENCH_QUICK=1
# uses 20,000), or `rake bench BENCH=bulk_read` (release build).

require_relative 'support/emulator_process'
require 'tmpdir'

RECORDS = Integer(ENV.fetch('BENCH_RECORDS', ENV['BENCH_QUICK'] ? 20_000 : 200_000))
SEED_CHUNK = 100_000 # the emulator's largest seed request
WALKS = ['bulk_read to CSV', 'bulk_read records', 'each_record'].freeze

# Kilobytes of this process's memory: `VmRSS` now, `VmHWM` its peak.
def memory_kb(key)
  File.read('/proc/self/status')[/^#{key}:\s+(\d+)/, 1].to_i
end

# In the child: one walk, printed as JSON (records, wall seconds, peak MB over baseline).
def walk(name, info)
  # A result download is one call, bounded by `timeout`: a 200,000-record zip from a debug
  # build of the emulator on a busy machine can take longer than the default 60 s.
  BenchSupport.sign_in(info, 'timeout' => '600')
  leads = ZCRMSDK::Operations::ZCRMModule.get_instance('Leads')
  fast = { poll_interval: 0.05, max_poll_interval: 1 }
  GC.start
  baseline = memory_kb('VmRSS')
  started = BenchSupport.wall_seconds
  cpu = BenchSupport.cpu_seconds
  records = Dir.mktmpdir do |dir|
    case name
    when 'bulk_read to CSV' then leads.bulk_read(to: File.join(dir, 'leads.csv'), **fast).count
    when 'bulk_read records' then leads.bulk_read(**fast).count
    when 'each_record' then leads.each_record(per_page: 200).count
    end
  end
  wall = BenchSupport.wall_seconds - started
  cpu = BenchSupport.cpu_seconds - cpu
  puts JSON.generate(records: records, wall: wall, cpu: cpu, peak_mb: (memory_kb('VmHWM') - baseline) / 1024.0)
end

def emulator_call(info, verb, path, body = nil)
  uri = URI("#{info['base_url']}/_emulator/#{path}")
  Net::HTTP.start(uri.host, uri.port) do |http|
    request = (verb == :get ? Net::HTTP::Get : Net::HTTP::Post).new(uri, 'Content-Type' => 'application/json')
    request.body = JSON.generate(body) if body
    JSON.parse(http.request(request).body)
  end
end

if (name = ENV['BULK_READ_WALK'])
  walk(name, JSON.parse(ENV.fetch('BULK_READ_EMULATOR')))
  exit
end

BenchSupport.with_emulator(tls: false) do |info|
  RECORDS.step(1, -SEED_CHUNK) { |left| BenchSupport.seed(info, 'Leads', [left, SEED_CHUNK].min) }
  emulator_call(info, :post, 'bulk_read', { delay: 0 })
  puts "#{RECORDS} Leads, #{BenchSupport.machine}, #{Time.now.utc.strftime('%F %H:%M UTC')}"
  WALKS.each do |label|
    before = emulator_call(info, :get, 'stats')['crm_requests']
    child = info.merge('grant_token' => emulator_call(info, :post, 'grants')['code']) # a grant works once
    env = { 'BULK_READ_WALK' => label, 'BULK_READ_EMULATOR' => JSON.generate(child) }
    output = IO.popen(env, [RbConfig.ruby, '-I', File.join(BenchSupport::ROOT, 'lib'), __FILE__], &:read)
    raise "#{label}: the walk failed" unless Process.last_status.success?

    result = JSON.parse(output.lines.last)
    calls = emulator_call(info, :get, 'stats')['crm_requests'] - before
    raise "#{label}: saw #{result['records']} records, expected #{RECORDS}" unless result['records'] == RECORDS

    printf("%-18s %8d records  wall %7.2f s  client CPU %6.2f s  peak RSS +%6.1f MB  API calls %5d\n",
           label, result['records'], result['wall'], result['cpu'], result['peak_mb'], calls)
  end
end
