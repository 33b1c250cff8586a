# frozen_string_literal: true

require 'timeout'

# Puma threads, forked workers, Sidekiq: the gem must let other threads run during a call,
# stop a call when Ruby asks (Timeout, Thread#kill, Ctrl-C) and work in a forked child.
RSpec.describe 'Calls under threads, interrupts and fork' do
  include_context 'with the zoho emulator'

  before do
    init_sdk('persistence' => 'memory')
    generate_tokens
  end

  def slow_org(ms = 3_000)
    emulator.inject_fault(path_prefix: '/crm/v2/org', kind: 'latency', latency_ms: ms, times: 1)
  end

  def monotonic
    Process.clock_gettime(Process::CLOCK_MONOTONIC)
  end

  it 'works in a forked child of a process that already made calls' do
    client.get_current_user
    succeeded, message = in_forked_child { client.get_organization_details.data.company_name }
    expect(succeeded).to be(true), message
    expect(message).to eq(client.get_organization_details.data.company_name)
  end

  it 'ends a call stuck on a slow server at the Timeout.timeout deadline' do
    slow_org
    started = monotonic
    expect { Timeout.timeout(0.2) { client.get_organization_details } }.to raise_error(Timeout::Error)
    expect(monotonic - started).to be < 0.3
  end

  it 'lets Thread#kill stop a call stuck on a slow server' do
    slow_org
    thread = Thread.new { client.get_organization_details }
    sleep 0.1
    started = monotonic
    thread.kill
    expect(thread.join(1)).to eq(thread)
    expect(monotonic - started).to be < 0.1
  end

  it 'lets other Ruby threads run while a call waits on the network' do
    slow_org(500)
    ticks = 0
    ticker = Thread.new { loop { ticks += 1; sleep 0.01 } } # rubocop:disable Style/Semicolon
    client.get_organization_details
    ticker.kill
    expect(ticks).to be > 20
  end

  it 'still works after an interrupted call' do
    slow_org
    expect { Timeout.timeout(0.1) { client.get_organization_details } }.to raise_error(Timeout::Error)
    expect(client.get_organization_details.data.company_name).not_to be_empty
  end
end

RSpec.describe 'max_concurrent_requests' do
  include_context 'with the zoho emulator'

  # Four calls that each wait 300 ms at the server, from four threads.
  def four_slow_calls
    emulator.inject_fault(path_prefix: '/crm/v2/org', kind: 'latency', latency_ms: 300, times: 4)
    started = Process.clock_gettime(Process::CLOCK_MONOTONIC)
    Array.new(4) { Thread.new { client.get_organization_details } }.each(&:join)
    Process.clock_gettime(Process::CLOCK_MONOTONIC) - started
  end

  it 'lets calls overlap when unset' do
    init_sdk('persistence' => 'memory')
    generate_tokens
    expect(four_slow_calls).to be < 1.0
  end

  it 'keeps at most that many requests in flight' do
    init_sdk('persistence' => 'memory', 'max_concurrent_requests' => 1)
    generate_tokens
    expect(four_slow_calls).to be >= 1.2
  end
end
