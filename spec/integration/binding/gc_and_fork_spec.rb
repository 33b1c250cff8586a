# frozen_string_literal: true

require_relative '../../fixtures/counting_token_store'

# Ruby values the engine holds (the handler bridge, an IO being written, exceptions parked
# during a callback) stay reachable and unmoved by the GC; a forked child starts with what it
# can use, whatever the parent was doing at the moment of the fork.
RSpec.describe 'The engine under GC and fork' do
  include_context 'with the zoho emulator'

  let(:emulator_options) { { refresh_limit: 1_000 } }
  let(:counting_store) { ZCRMSDKSpec::Stores.counting }

  before { CountingTokenStore.reset! }

  it 'keeps calls with callbacks working while GC.compact runs, over and over' do
    init_sdk(counting_store)
    generate_tokens
    stop = false
    compactor = Thread.new { GC.compact until stop }
    results = Array.new(3) do
      Thread.new do
        Array.new(15) do |i|
          emulator.expire_access_tokens if i % 5 == 0
          client.get_organization_details.data.company_name
        rescue ZCRMSDK::AuthenticationError
          :revoked_twice # another thread revoked the token this call had just refreshed
        end
      end
    end.flat_map(&:value)
    stop = true
    compactor.join

    expect(results.count { |r| r.is_a?(String) }).to be >= 40
    expect(CountingTokenStore.counts.values_at(:locks, :unlocks).uniq.size).to eq(1)
  end

  %w[memory file sqlite custom].each do |store|
    it "gives a child forked in the middle of a refresh a working #{store} store" do
      config = store == 'memory' ? { 'persistence' => 'memory' } : store_config(store)
      config = counting_store if store == 'custom'
      init_sdk(config.merge('timeout' => 10))
      generate_tokens
      emulator.inject_fault(path_prefix: '/oauth/v2/token', kind: 'latency', latency_ms: 1_500, times: 1)
      emulator.expire_access_tokens
      refreshing = Thread.new { client.get_organization_details }
      sleep 0.05 until emulator.stats['refreshes'].positive? || emulator.requests.any? { |r| r['path'] == '/oauth/v2/token' }

      succeeded, answer = in_forked_child { client.get_organization_details.data.company_name }

      expect(succeeded).to be(true), answer
      expect(answer).to eq(refreshing.value.data.company_name)
    end
  end
end
