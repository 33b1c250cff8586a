# frozen_string_literal: true

# Run by spec/integration/binding/signals_spec.rb in a fresh Ruby process with a single Ruby
# thread of its own (where Ruby 3.1 handles a call's wait differently: see
# ZCRMSDK::Native.signal_relay). Makes calls through a custom store, with refreshes every
# ~0.1 s, while the parent sends SIGTERM (Ruby raises SignalException in the main thread); then
# ignores SIGTERM, makes one more call and prints one JSON line with what happened.
#
# ARGV: the emulator's config as JSON, a grant token, how many raises to take.
require 'json'
require 'ZCRMSDK'
require_relative '../fixtures/counting_token_store'

user_threads = Thread.list.size
config = JSON.parse(ARGV.fetch(0))
grant = ARGV.fetch(1)
wanted = Integer(ARGV.fetch(2))
CountingTokenStore.reset!
ZCRMSDK::RestClient::ZCRMRestClient.init(config.merge(
  'persistence_handler_class_path' => File.expand_path('../fixtures/counting_token_store.rb', __dir__),
  'persistence_handler_class' => 'CountingTokenStore',
  'token_refresh_margin' => 15.9,
  'timeout' => 20
))
ZCRMSDK::OAuthClient::ZohoOAuth.get_client_instance.generate_access_token(grant)
client = ZCRMSDK::RestClient::ZCRMRestClient.get_instance

outcomes = Hash.new(0)
$stdout.puts JSON.generate(ready: Process.pid, user_threads: user_threads)
$stdout.flush
# As a worker would: the signal's exception is let in only while a call runs.
Thread.handle_interrupt(SignalException => :never) do
  while outcomes[:interrupted] < wanted
    begin
      Thread.handle_interrupt(SignalException => :immediate) { client.get_organization_details }
      outcomes[:completed] += 1
    rescue SignalException
      outcomes[:interrupted] += 1
    rescue ZCRMSDK::ZCRMException => e
      outcomes[e.class.name] += 1
    end
  end
  trap('TERM', 'IGNORE')
  begin
    Thread.handle_interrupt(SignalException => :immediate) { nil }
  rescue SignalException
    retry # those already queued
  end
end
last_call = client.get_organization_details.data.company_name
$stdout.puts JSON.generate(outcomes: outcomes, counts: CountingTokenStore.counts, last_call: last_call)
