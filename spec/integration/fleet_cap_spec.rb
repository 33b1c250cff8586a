# frozen_string_literal: true

# fleet_max_concurrent_requests: Zoho answers 429 past its per-org concurrency limit, whichever
# process sent the extra call, so the cap must hold across every process sharing the token
# store. Real processes (fork) against an emulator that enforces the limit.
RSpec.describe 'fleet_max_concurrent_requests' do
  include_context 'with the zoho emulator'

  let(:cap) { 4 }
  let(:emulator_options) { { concurrency_limit: cap } }

  # Every CRM call waits this long at the server, so calls from different processes overlap.
  def slow_crm(latency_ms: 40)
    emulator.inject_fault(path_prefix: '/crm/v2/', kind: 'latency', latency_ms: latency_ms, times: 100_000)
  end

  # `processes` forked children, each with `threads` threads making `calls` calls; returns
  # the children's exit statuses (success: every call answered). `quiet`: failures expected.
  def fleet(processes:, threads:, calls:, quiet: false)
    pids = Array.new(processes) do
      fork do
        Thread.report_on_exception = !quiet
        Array.new(threads) { Thread.new { calls.times { client.get_organization_details } } }.each(&:join)
        exit!(0)
      rescue Exception => e # rubocop:disable Lint/RescueException
        warn "child #{Process.pid}: #{e.class}: #{e.message}" unless quiet
        exit!(1)
      end
    end
    pids.map { |pid| Process.wait2(pid).last }
  end

  # Waits (up to 10 s) until the emulator has received `count` CRM requests in all.
  def wait_for_crm_requests(count)
    deadline = Process.clock_gettime(Process::CLOCK_MONOTONIC) + 10
    until emulator.stats['crm_requests'] >= count
      raise "the emulator saw no request #{count}" if Process.clock_gettime(Process::CLOCK_MONOTONIC) > deadline

      sleep 0.01
    end
  end

  %w[sqlite file mysql].each do |store|
    context "with processes sharing the #{store} store" do
      before do
        init_sdk(store_config(store).merge('fleet_max_concurrent_requests' => cap))
        generate_tokens
      end

      it 'keeps the fleet within the cap: no 429, never more than the cap in flight' do
        slow_crm
        statuses = fleet(processes: 3, threads: 4, calls: 3)

        expect(statuses).to all(be_success)
        stats = emulator.stats
        expect(stats['concurrency_rejections']).to eq(0)
        expect(stats['crm_requests']).to eq(3 * 4 * 3)
        expect(stats['max_concurrent_crm_requests']).to be_between(1, cap)
      end

      it 'frees the slot of a holder killed with kill -9, for the next caller' do
        init_sdk(store_config(store).merge('fleet_max_concurrent_requests' => 1, 'timeout' => 30))
        emulator.inject_fault(path_prefix: '/crm/v2/org', kind: 'latency', latency_ms: 60_000, times: 1)
        holder = fork do
          client.get_organization_details
          exit!(0)
        end
        wait_for_crm_requests(1)
        Process.kill('KILL', holder)
        Process.wait(holder)

        expect(client.get_current_user.data[0].email).to eq(user)
        expect(emulator.stats['concurrency_rejections']).to eq(0)
      end

      it 'fails a call that gets no slot within its timeout with an error naming the cap' do
        emulator.inject_fault(path_prefix: '/crm/v2/org', kind: 'latency', latency_ms: 60_000, times: 1)
        reader, writer = IO.pipe
        holder = fork do
          reader.close
          ZCRMSDK::RestClient::ZCRMRestClient.init(
            emulator.config(store_config(store).merge('fleet_max_concurrent_requests' => 1, 'timeout' => 30))
          )
          client.get_organization_details
          exit!(0)
        end
        writer.close
        wait_for_crm_requests(1)
        init_sdk(store_config(store).merge('fleet_max_concurrent_requests' => 1, 'timeout' => 0.5))

        expect { client.get_current_user }.to raise_error(ZCRMSDK::TimeoutError) { |error|
          expect(error.message).to include('fleet_max_concurrent_requests (1)', store, "Raise 'timeout'")
        }
        expect(emulator.stats['crm_requests']).to eq(1)
      ensure
        if holder
          Process.kill('KILL', holder)
          Process.wait(holder)
        end
        reader&.close
      end
    end
  end

  it 'does not let a busy process starve a quiet one' do
    init_sdk(store_config('sqlite').merge('fleet_max_concurrent_requests' => 2, 'timeout' => 5))
    generate_tokens
    slow_crm
    busy = fork do # more calls than it can make before the example ends
      Array.new(16) { Thread.new { 1_000.times { client.get_organization_details } } }.each(&:join)
      exit!(0)
    end
    wait_for_crm_requests(2)
    quiet = fleet(processes: 1, threads: 1, calls: 5)

    expect(quiet).to all(be_success)
    expect(Process.wait2(busy, Process::WNOHANG)).to be_nil # still busy: the quiet one got slots meanwhile
    expect(emulator.stats['concurrency_rejections']).to eq(0)
  ensure
    begin
      Process.kill('KILL', busy)
      Process.wait(busy)
    rescue Errno::ESRCH, Errno::ECHILD
      nil # it ended (and was reaped) already: the expectation above says so
    end
  end

  context 'with a store other processes cannot see (memory)' do
    it 'holds the cap per process' do
      init_sdk('persistence' => 'memory', 'fleet_max_concurrent_requests' => 1)
      generate_tokens
      slow_crm
      Array.new(4) { Thread.new { client.get_organization_details } }.each(&:join)

      expect(emulator.stats['max_concurrent_crm_requests']).to eq(1)
    end
  end

  context 'without it' do
    it 'lets processes that each cap themselves overrun Zoho\'s limit together (the reason for the option)' do
      init_sdk(store_config('sqlite').merge('max_concurrent_requests' => cap, 'max_retries' => 0))
      generate_tokens
      slow_crm
      fleet(processes: 3, threads: 4, calls: 2, quiet: true)

      expect(emulator.stats['concurrency_rejections']).to be_positive
    end
  end

  it 'is refused when it is not a whole number, naming the key' do
    expect { init_sdk('fleet_max_concurrent_requests' => 'ten') }
      .to raise_error(ZCRMSDK::ConfigurationError, /fleet_max_concurrent_requests/)
  end
end
