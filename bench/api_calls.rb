# frozen_string_literal: true

# How long one CRM call takes, end to end, against the local emulator (HTTPS on loopback):
#
#   zcrmsdk    this gem: pooled keep-alive connections, tokens cached in memory, GVL released
#   1.0.x-way  what ZCRMSDK 1.0.x did per call, rebuilt with the same stdlib pieces it used:
#              read and Marshal.load the token file, open a new Net::HTTP TLS connection, GET,
#              JSON.parse (the 1.0.x gem itself cannot be installed here: no rubygems.org)
#
# Run: ruby -Ilib bench/api_calls.rb   (or `rake bench`). Build the release extension first
# (`rake compile:release`) or the numbers describe a debug build.

require 'ZCRMSDK'
require 'zcrmsdk/testing'
require 'net/http'
require 'json'
require 'tmpdir'

CALLS = Integer(ENV.fetch('BENCH_CALLS', 300))
THREADS = Integer(ENV.fetch('BENCH_THREADS', 8))

def measure(label, calls)
  GC.start
  started = Process.clock_gettime(Process::CLOCK_MONOTONIC)
  yield
  elapsed = Process.clock_gettime(Process::CLOCK_MONOTONIC) - started
  printf("%-44s %6d calls  %8.1f ms total  %7.3f ms/call  %8.0f calls/s\n",
         label, calls, elapsed * 1000, elapsed * 1000 / calls, calls / elapsed)
end

emulator = ZCRMSDK::Testing::Emulator.start
folder = Dir.mktmpdir('zcrmsdk-bench')
ZCRMSDK::RestClient::ZCRMRestClient.init(emulator.config('token_persistence_path' => folder))
tokens = ZCRMSDK::OAuthClient::ZohoOAuth.get_client_instance.generate_access_token(emulator.grant_token)
client = ZCRMSDK::RestClient::ZCRMRestClient.get_instance
org = client.get_organization_instance
user_id = client.get_current_user.data[0].id

# The 1.0.x way, per call: token file read + Marshal.load, fresh TLS connection, parse.
legacy_file = File.join(folder, 'legacy_tokens.txt')
File.binwrite(legacy_file, Marshal.dump([tokens]))
uri = URI("#{emulator.api_base_url}/crm/v2/users/#{user_id}")
legacy_call = lambda do
  stored = Marshal.load(File.binread(legacy_file)).find { |t| t.user_identifier == tokens.user_identifier }
  Net::HTTP.start(uri.host, uri.port, use_ssl: true, ca_file: emulator.ca_file) do |http|
    request = Net::HTTP::Get.new(uri)
    request['Authorization'] = "Zoho-oauthtoken #{stored.get_access_token}"
    JSON.parse(http.request(request).body)
  end
end

puts "ZCRMSDK #{ZCRMSDK::VERSION}, Ruby #{RUBY_VERSION}, #{Etc.respond_to?(:nprocessors) ? Etc.nprocessors : '?'} cores"
3.times { org.get_user(user_id) && legacy_call.call } # warm up both paths

measure('zcrmsdk   get_user, 1 thread', CALLS) { CALLS.times { org.get_user(user_id) } }
measure('1.0.x-way get_user, 1 thread', CALLS) { CALLS.times { legacy_call.call } }
measure("zcrmsdk   get_user, #{THREADS} threads", CALLS) do
  Array.new(THREADS) { Thread.new { (CALLS / THREADS).times { org.get_user(user_id) } } }.each(&:join)
end
measure("1.0.x-way get_user, #{THREADS} threads", CALLS) do
  Array.new(THREADS) { Thread.new { (CALLS / THREADS).times { legacy_call.call } } }.each(&:join)
end

oauth = ZCRMSDK::OAuthClient::ZohoOAuth.get_client_instance
measure('zcrmsdk   get_access_token (cached)', CALLS * 10) { (CALLS * 10).times { oauth.get_access_token(tokens.user_identifier) } }
measure('1.0.x-way token file read + Marshal.load', CALLS * 10) do
  (CALLS * 10).times { Marshal.load(File.binread(legacy_file)).first.get_access_token }
end

# Issue 8's guard on concurrency: with 20 ms of latency on every call, eight threads must
# get at least 7x the calls one thread gets (each thread drives its own calls and connection).
LATENCY_MS = 20
emulator.inject_fault(path_prefix: '/crm/v2/', kind: 'latency', latency_ms: LATENCY_MS, times: 1_000_000)
per_thread = 25
one = Process.clock_gettime(Process::CLOCK_MONOTONIC)
per_thread.times { org.get_user(user_id) }
one = Process.clock_gettime(Process::CLOCK_MONOTONIC) - one
eight = Process.clock_gettime(Process::CLOCK_MONOTONIC)
Array.new(THREADS) { Thread.new { per_thread.times { org.get_user(user_id) } } }.each(&:join)
eight = Process.clock_gettime(Process::CLOCK_MONOTONIC) - eight
printf("%d ms latency: 1 thread %.0f calls/s, %d threads %.0f calls/s = %.2fx one thread\n",
       LATENCY_MS, per_thread / one, THREADS, THREADS * per_thread / eight, THREADS * one / eight)

emulator.stop
FileUtils.rm_rf(folder)
