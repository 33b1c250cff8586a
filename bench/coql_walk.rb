# frozen_string_literal: true

# Reading the records that match a filter out of a big module (issue 11's "COQL page walk vs
# each_record with criteria"): wall time, client CPU and, since API credits matter more than
# seconds, the API calls each way costs. Against an emulator in its own process, plain HTTP.
#
#   COQL          ZCRMSDK.query("select ... where Lead_Source = ? and Lead_Status = ?"):
#                 pages of 200 matching rows (Zoho's COQL reaches 10,000 rows a query)
#   search        each_search_result(criteria: ...): pages of 200 hits
#   each_record   each_record, filtered in Ruby: every page of the module (what a client
#                 without COQL does; real Zoho stops it at 2,000 records with API v2, so the
#                 emulator lifts that cap here; with v3 it would go on by page_token)
#
# Run: `rake bench BENCH=coql` (release build), or `ruby -Ilib bench/coql_walk.rb`.
# BENCH_RECORDS (default 100,000) Leads are seeded; BENCH_QUICK=1 uses 10,000.

require_relative 'support/emulator_process'

RECORDS = Integer(ENV.fetch('BENCH_RECORDS', ENV['BENCH_QUICK'] ? 10_000 : 100_000))
SOURCE = 'Chat'
STATUS = 'Contacted'

def crm_requests(info)
  uri = URI("#{info['base_url']}/_emulator/stats")
  JSON.parse(Net::HTTP.get(uri)).fetch('crm_requests')
end

def measure(info, label)
  GC.start
  calls = crm_requests(info)
  cpu = BenchSupport.cpu_seconds
  wall = BenchSupport.wall_seconds
  found = yield
  cpu = BenchSupport.cpu_seconds - cpu
  wall = BenchSupport.wall_seconds - wall
  calls = crm_requests(info) - calls
  printf("%-12s %6d matching  %5d API calls  wall %7.3f s  client CPU %7.3f s\n", label, found, calls, wall, cpu)
  [found, calls, wall]
end

BenchSupport.with_emulator(tls: false) do |info|
  BenchSupport.seed(info, 'Leads', RECORDS)
  BenchSupport.sign_in(info)
  leads = ZCRMSDK::Operations::ZCRMModule.get_instance('Leads')
  wanted = ->(record) { record['Lead_Source'] == SOURCE && record['Lead_Status'] == STATUS }

  walks = {
    'COQL' => lambda do
      ZCRMSDK.query('select Last_Name, Email, Lead_Source, Lead_Status from Leads ' \
                    'where Lead_Source = ? and Lead_Status = ?', SOURCE, STATUS).count
    end,
    'search' => lambda do
      criteria = "((Lead_Source:equals:#{SOURCE})and(Lead_Status:equals:#{STATUS}))"
      leads.each_search_result(criteria: criteria).count(&wanted)
    end,
    'each_record' => -> { leads.each_record.count(&wanted) }
  }
  puts "#{RECORDS} Leads, #{BenchSupport.machine}"
  results = walks.to_h { |label, walk| [label, measure(info, label) { walk.call }] }
  counts = results.values.map(&:first).uniq
  raise "the walks disagree on what matches: #{results.transform_values(&:first)}" unless counts.size == 1

  base_calls, base_wall = results['each_record'].drop(1)
  results.except('each_record').each do |label, (_, calls, wall)|
    printf("%-12s %.1f%% of each_record's API calls, %.2fx its wall time\n", label, 100.0 * calls / base_calls,
           wall / base_wall)
  end
end
