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
    # Each round revokes the access token first, so its calls meet a 401 and refresh through
    # the custom store's callbacks. Revoking only between rounds keeps a revocation from
    # landing between a refresh and the token's first use: the client would rightly take a
    # fresh token rejected for a configuration error and stop refreshing.
    results = Array.new(9) do
      emulator.expire_access_tokens
      Array.new(3) { Thread.new { Array.new(2) { client.get_organization_details.data.company_name } } }
           .flat_map(&:value)
    end.flatten
    stop = true
    compactor.join

    expect(results.size).to eq(54)
    expect(results).to all(be_a(String))
    expect(CountingTokenStore.counts[:locks]).to be >= 9
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
