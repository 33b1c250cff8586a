# frozen_string_literal: true

# Memory growth (rake mem): does the process keep memory it should give back?
#   1. MEM_INITS (10,000) cycles of `ZCRMRestClient.init` + one call: each init builds a new
#      engine (and its client); the old ones must be collectable.
#   2. MEM_CALLS (100,000) calls with a custom persistence handler whose tokens go stale every
#      0.1 s, so that calls keep refreshing through the handler's lock, get, save and unlock.
# RSS (VmRSS) is printed before and after each phase, after a full GC; record the figures in
# bench/RESULTS.md with the machine and the date.
require 'ZCRMSDK'
require 'zcrmsdk/testing'
require 'tmpdir'
require_relative '../../spec/fixtures/counting_token_store'

def rss_mb
  File.read('/proc/self/status')[/^VmRSS:\s+(\d+)/, 1].to_i / 1024.0
end

def settled_rss
  3.times { GC.start(full_mark: true, immediate_sweep: true) }
  rss_mb
end

inits = Integer(ENV.fetch('MEM_INITS', '10000'))
calls = Integer(ENV.fetch('MEM_CALLS', '100000'))
emulator = ZCRMSDK::Testing::Emulator.start(refresh_limit: 10_000_000, access_token_ttl: 16)
dir = Dir.mktmpdir('zcrmsdk-mem')
file_store = emulator.config('token_persistence_path' => dir)
ZCRMSDK::RestClient::ZCRMRestClient.init(file_store)
ZCRMSDK::OAuthClient::ZohoOAuth.get_client_instance.generate_access_token(emulator.grant_token)
ZCRMSDK::RestClient::ZCRMRestClient.get_instance.get_organization_details

start = settled_rss
inits.times do
  ZCRMSDK::RestClient::ZCRMRestClient.init(file_store)
  ZCRMSDK::RestClient::ZCRMRestClient.get_instance.get_organization_details
end
after_inits = settled_rss
puts format('init + call x %<n>d: RSS %<a>.1f MB -> %<b>.1f MB (%<d>+.1f MB)',
            n: inits, a: start, b: after_inits, d: after_inits - start)

CountingTokenStore.reset!
ZCRMSDK::RestClient::ZCRMRestClient.init(emulator.config(
  'persistence_handler_class_path' => File.expand_path('../../spec/fixtures/counting_token_store.rb', __dir__),
  'persistence_handler_class' => 'CountingTokenStore', 'token_refresh_margin' => 15.9
))
ZCRMSDK::OAuthClient::ZohoOAuth.get_client_instance.generate_access_token(emulator.grant_token)
client = ZCRMSDK::RestClient::ZCRMRestClient.get_instance
client.get_organization_details
before_calls = settled_rss
calls.times { client.get_organization_details }
after_calls = settled_rss
counts = CountingTokenStore.counts
puts format('custom-store calls x %<n>d (%<l>d refreshes under the handler lock): RSS %<a>.1f MB -> %<b>.1f MB (%<d>+.1f MB)',
            n: calls, l: counts[:locks], a: before_calls, b: after_calls, d: after_calls - before_calls)
abort 'lock/unlock mismatch' unless counts[:locks] == counts[:unlocks]
emulator.stop
FileUtils.rm_rf(dir)
