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
#
# Client CPU is Process.clock_gettime(CLOCK_PROCESS_CPUTIME_ID) of this process; the figure
# that matters is the ratio to the floor, measured in the same run.
#
# Run: `rake bench BENCH=records` (release build), or `ruby -Ilib bench/records_walk.rb`.
# BENCH_RECORDS (default 20,000) records are seeded into Leads; BENCH_QUICK=1 uses 2,000.

require 'ZCRMSDK'
require 'etc'
require 'json'
require 'net/http'
require 'open3'

RECORDS = Integer(ENV.fetch('BENCH_RECORDS', ENV['BENCH_QUICK'] ? 2_000 : 20_000))
PER_PAGE = 200
ROOT = File.expand_path('..', __dir__)

def cpu_seconds
  Process.clock_gettime(Process::CLOCK_PROCESS_CPUTIME_ID)
end

def wall_seconds
  Process.clock_gettime(Process::CLOCK_MONOTONIC)
end

# Runs the block (which returns how many records it saw) and prints CPU and wall per record.
def measure(label)
  GC.start
  cpu = cpu_seconds
  wall = wall_seconds
  seen = yield
  cpu = cpu_seconds - cpu
  wall = wall_seconds - wall
  raise "#{label}: saw #{seen} records, expected #{RECORDS}" unless seen == RECORDS

  printf("%-14s %7d records  client CPU %7.3f s = %6.1f us/record   wall %7.3f s\n",
         label, seen, cpu, cpu / seen * 1e6, wall)
  cpu
end

def admin_post(base_url, path, body)
  uri = URI("#{base_url}/_emulator/#{path}")
  response = Net::HTTP.post(uri, JSON.generate(body), 'Content-Type' => 'application/json')
  raise "emulator #{path}: HTTP #{response.code} #{response.body}" unless response.is_a?(Net::HTTPSuccess)
end

emulator_in, emulator_out, emulator = Open3.popen2(RbConfig.ruby, '-I', File.join(ROOT, 'lib'),
                                                   File.join(ROOT, 'exe', 'zcrm'), 'emulator', '--http', '--seed', '0')
begin
  info = JSON.parse(emulator_out.gets)
  admin_post(info['base_url'], 'seed', { 'module' => 'Leads', 'count' => RECORDS })

  ZCRMSDK::RestClient::ZCRMRestClient.init(
    'client_id' => info['client_id'], 'client_secret' => info['client_secret'], 'redirect_uri' => 'https://www.zoho.com',
    'accounts_url' => info['accounts_url'], 'api_base_url' => info['api_base_url'],
    'current_user_email' => info['user_email'], 'persistence' => 'memory'
  )
  oauth = ZCRMSDK::OAuthClient::ZohoOAuth.get_client_instance
  oauth.generate_access_token(info['grant_token'])
  access_token = oauth.get_access_token(info['user_email'])
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
    'each_record' => -> { leads.each_record(per_page: PER_PAGE).count }
  }
  walks.each_value(&:call) # warm up: connections, tokens, code paths
  puts "#{RECORDS} Leads (#{pages} pages of #{PER_PAGE}), Ruby #{RUBY_VERSION}, #{Etc.nprocessors} cores"
  cpu = walks.to_h { |label, walk| [label, measure(label) { walk.call }] }
  %w[get_records each_record].each do |label|
    printf("%-14s %.2fx the floor's client CPU\n", label, cpu[label] / cpu['floor'])
  end
ensure
  Process.kill('INT', emulator.pid) if emulator
  emulator_in&.close
  emulator&.join
end
