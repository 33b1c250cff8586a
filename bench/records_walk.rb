# frozen_string_literal: true

# Walking many records (issue 8's P3): the client CPU each record costs, against an emulator
# running in its own process (so that only the client's work is counted), over plain HTTP on
# loopback.
#
#   floor         what any Ruby client must do at least: keep-alive Net::HTTP GETs of the
#                 same pages and JSON.parse, no objects built
#   get_records   this gem, 1.0.x style: `get_records(nil, nil, nil, page, 200)` page by page,
#                 every record a ZCRMRecord
#   each_record   this gem: `each_record` (the next page fetched while this one is walked)
#   each_record + 3 fields
#                 the same, reading Last_Name, Email and the owner's name of every record
#                 (records are filled from the page's JSON on first use: this is the cost of
#                 a walk that looks into every record)
#
# Client CPU is Process.clock_gettime(CLOCK_PROCESS_CPUTIME_ID) of this process; the figure
# that matters is the ratio to the floor, measured in the same run.
#
# Run: `rake bench BENCH=records` (release build), or `ruby -Ilib bench/records_walk.rb`.
# BENCH_RECORDS (default 20,000) records are seeded into Leads; BENCH_QUICK=1 uses 2,000.

require_relative 'support/emulator_process'

RECORDS = Integer(ENV.fetch('BENCH_RECORDS', ENV['BENCH_QUICK'] ? 2_000 : 20_000))
PER_PAGE = 200

# Runs the block (which returns how many records it saw) and prints CPU and wall per record.
def measure(label)
  GC.start
  cpu = BenchSupport.cpu_seconds
  wall = BenchSupport.wall_seconds
  seen = yield
  cpu = BenchSupport.cpu_seconds - cpu
  wall = BenchSupport.wall_seconds - wall
  raise "#{label}: saw #{seen} records, expected #{RECORDS}" unless seen == RECORDS

  printf("%-24s %7d records  client CPU %7.3f s = %6.1f us/record   wall %7.3f s\n",
         label, seen, cpu, cpu / seen * 1e6, wall)
  cpu
end

BenchSupport.with_emulator(tls: false) do |info|
  BenchSupport.seed(info, 'Leads', RECORDS)
  access_token = BenchSupport.sign_in(info)
  leads = ZCRMSDK::Operations::ZCRMModule.get_instance('Leads')
  pages = (RECORDS + PER_PAGE - 1) / PER_PAGE

  walks = {
    'floor' => lambda do
      uri = URI(info['api_base_url'])
      Net::HTTP.start(uri.host, uri.port) do |http|
        (1..pages).sum do |page|
          request = Net::HTTP::Get.new("/crm/v2/Leads?page=#{page}&per_page=#{PER_PAGE}")
          request['Authorization'] = "Zoho-oauthtoken #{access_token}"
          JSON.parse(http.request(request).body)['data'].size
        end
      end
    end,
    'get_records' => lambda do
      (1..pages).sum { |page| leads.get_records(nil, nil, nil, page, PER_PAGE).data.size }
    end,
    'each_record' => -> { leads.each_record(per_page: PER_PAGE).count },
    'each_record + 3 fields' => lambda do
      leads.each_record(per_page: PER_PAGE).count { |r| r['Last_Name'] && r['Email'] && r.owner.name }
    end
  }
  walks.each_value(&:call) # warm up: connections, tokens, code paths
  puts "#{RECORDS} Leads (#{pages} pages of #{PER_PAGE}), #{BenchSupport.machine}"
  cpu = walks.to_h { |label, walk| [label, measure(label) { walk.call }] }
  walks.each_key.drop(1).each do |label|
    printf("%-24s %.2fx the floor's client CPU\n", label, cpu[label] / cpu['floor'])
  end
end
