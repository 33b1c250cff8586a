# frozen_string_literal: true

require 'logger'
require 'stringio'
require 'timeout'
require_relative '../../fixtures/counting_token_store'

# What a Ruby process may do to a thread in the middle of a call (Timeout, Thread#raise,
# Thread#kill, a trapped signal, Thread#wakeup) and what the gem promises in return: the
# process never dies, nothing stays wedged, every lock the engine took is given back, and the
# thread's next call works. Only an exception interrupts a call; a signal whose handler
# returns, or a wakeup, does not.
RSpec.describe 'Calls interrupted from Ruby' do
  include_context 'with the zoho emulator'

  # Not a StandardError, as Timeout's and Thread#kill's are not: nothing rescues it by mistake.
  class Interruption < Exception; end # rubocop:disable Lint/InheritException

  # Tokens stay fresh for 0.1 s (16 s lifetime, refreshed 15.9 s early): calls keep going
  # through refreshes under the handler's lock without anyone revoking tokens.
  let(:emulator_options) { { refresh_limit: 1_000_000, access_token_ttl: 16 } }
  let(:counting_store) { ZCRMSDKSpec::Stores.counting }

  before do
    CountingTokenStore.reset!
    init_sdk(counting_store.merge('token_refresh_margin' => 15.9))
    generate_tokens
  end

  # A thread that makes `call` until told to stop, counting how each call ended. Interruptions
  # are only let in while a call runs, so the thread itself survives all of them; at the end it
  # takes the ones still queued and makes one last call, which must work.
  class Worker
    attr_reader :outcomes

    def initialize(&call)
      @call = call
      @outcomes = Hash.new(0)
      @stop = false
      @thread = Thread.new { Thread.handle_interrupt(Interruption => :never) { run } }
    end

    def interrupt
      @thread.raise(Interruption)
    end

    def stop!
      @stop = true
    end

    def finish(name)
      @stop = true
      @thread.join(30) || raise("the #{name} worker did not finish: a call is wedged (#{@outcomes})")
      @thread.value
    end

    private

    def run
      until @stop
        begin
          Thread.handle_interrupt(Interruption => :immediate) { @call.call }
          @outcomes[:completed] += 1
        rescue Interruption
          @outcomes[:interrupted] += 1
        end
      end
      drain_pending
      @call.call
      :next_call_worked
    end

    def drain_pending
      Thread.handle_interrupt(Interruption => :immediate) { nil }
    rescue Interruption
      @outcomes[:interrupted] += 1
      retry
    end
  end

  it 'survives 1,200 Thread#raise during calls, refreshes and downloads, with every lock unlocked' do
    lead = ZCRMSDK::Operations::ZCRMRecord.get_instance('Leads').tap { |l| l['Last_Name'] = 'Fuzz' }
    lead.create
    upload = File.join(scratch, 'contract.txt').tap { |path| File.write(path, 'x' * 200_000) }
    attachment_id = lead.upload_attachment(upload).data.id

    workers = {
      org: Worker.new { client.get_organization_details },
      download: Worker.new { lead.download_attachment(attachment_id, to: StringIO.new(+'')) },
      users: Worker.new { client.get_current_user }
    }
    random = Random.new(RSpec.configuration.seed)
    begin
      1_200.times do
        sleep(random.rand * 0.004)
        workers.values.sample(random: random).interrupt
      end
      results = workers.to_h { |name, worker| [name, worker.finish(name)] }
    ensure
      workers.each_value(&:stop!)
    end

    expect(results.values).to all(eq(:next_call_worked))
    outcomes = workers.transform_values(&:outcomes)
    expect(outcomes.values.sum { |o| o[:interrupted] }).to be >= 1_000
    expect(outcomes.values.map { |o| o[:completed] }).to all(be_positive)
    counts = CountingTokenStore.counts
    expect(counts[:locks]).to be > 10
    expect(counts[:unlocks]).to eq(counts[:locks])
    expect(client.get_organization_details.data.company_name).not_to be_empty
  end

  it 'unlocks what it locked when Timeout fires while the lock is being taken' do
    CountingTokenStore.lock_wait = 0.3
    emulator.expire_access_tokens
    expect { Timeout.timeout(0.1) { client.get_organization_details } }.to raise_error(Timeout::Error)

    expect(CountingTokenStore.counts.values_at(:locks, :unlocks)).to eq([1, 1])
    CountingTokenStore.lock_wait = nil
    expect(client.get_organization_details.data).not_to be_nil
  end

  it 'carries on through a trapped signal: the handler runs and the call succeeds' do
    received = []
    previous = trap('USR1') { received << :usr1 }
    emulator.inject_fault(path_prefix: '/crm/v2/org', kind: 'latency', latency_ms: 1_000, times: 1)
    signaller = Thread.new do
      sleep 0.3
      Process.kill('USR1', Process.pid)
    end

    org = client.get_organization_details

    signaller.join
    expect(received).to eq([:usr1])
    expect(org.data.company_name).not_to be_empty
    expect(emulator.stats['crm_requests']).to eq(1)
  ensure
    trap('USR1', previous || 'DEFAULT')
  end

  it 'lets a POST on the wire finish when the thread is woken up (Thread#wakeup)' do
    emulator.inject_fault(path_prefix: '/crm/v2/Leads', kind: 'latency', latency_ms: 1_000, times: 1)
    lead = ZCRMSDK::Operations::ZCRMRecord.get_instance('Leads').tap { |l| l['Last_Name'] = 'Awake' }
    caller = Thread.new { lead.create }
    5.times do
      sleep 0.1
      caller.wakeup
    end

    expect(caller.value.status).to eq('success')
    leads = ZCRMSDK::Operations::ZCRMModule.get_instance('Leads').get_records.data
    expect(leads.map { |l| l['Last_Name'] }).to eq(['Awake'])
  end

  # The gem cannot know whether Zoho acted on a write it was cancelled in the middle of, and
  # it never sends it again; it says so, so that whoever retries checks first.
  it 'reports a POST cut off in flight by Timeout as possibly applied, and never resends it' do
    log = StringIO.new
    init_sdk(counting_store.merge('token_refresh_margin' => 15.9, 'logger' => Logger.new(log)))
    emulator.inject_fault(path_prefix: '/crm/v2/Leads', kind: 'latency', latency_ms: 1_000, times: 1)
    emulator.inject_fault(path_prefix: '/crm/v2/org', kind: 'latency', latency_ms: 1_000, times: 1)
    lead = ZCRMSDK::Operations::ZCRMRecord.get_instance('Leads').tap { |l| l['Last_Name'] = 'Maybe' }

    expect { Timeout.timeout(0.3) { lead.create } }.to raise_error(Timeout::Error)
    expect { Timeout.timeout(0.3) { client.get_organization_details } }.to raise_error(Timeout::Error)

    warnings = log.string.lines.grep(/WARN/)
    expect(warnings.size).to eq(1)
    expect(warnings.first).to include('POST', '/crm/v2/Leads', 'was interrupted while in flight',
                                      'Zoho may have acted on it', 'not sent again')
    expect(log.string).to match(%r{GET \S+/crm/v2/org -> interrupted})
    posts = emulator.requests.count { |r| r['method'] == 'POST' && r['path'] == '/crm/v2/Leads' }
    expect(posts).to eq(1)
  end

  # The second interrupt is handled as Ruby handles one that arrives during an `ensure` whose
  # work defers interrupts: it is delivered when the deferral ends, replacing the first, or stays
  # queued while the caller defers it. The caller's own `ensure` runs either way.
  context 'when a second interrupt arrives while the first one is being cleaned up after' do
    class LateInterruption < Exception; end # rubocop:disable Lint/InheritException

    # The first interrupt lands during a refresh's get_oauth_tokens; the second while the
    # engine runs unlock_oauth_tokens for it (interrupts deferred there). The call sits in a
    # Ruby `ensure`, as calls in user code do (a late kill once segfaulted there).
    def interrupt_twice(second, &around)
      unlocking = Queue.new
      CountingTokenStore.on_get = ->(_) { sleep 5 }
      CountingTokenStore.on_unlock = lambda do |_|
        unlocking << true
        sleep 0.3
      end
      emulator.expire_access_tokens
      caller = Thread.new { (around || ->(call) { call.call }).call(-> { call_with_ensure }) }
      caller.report_on_exception = false
      sleep 0.01 until CountingTokenStore.counts[:locks] == 1
      caller.raise(Interruption)
      unlocking.pop
      second.call(caller)
      caller
    end

    def call_with_ensure
      client.get_organization_details
    ensure
      ensures << :ran
    end

    let(:ensures) { Queue.new }

    after do
      CountingTokenStore.on_get = nil
      CountingTokenStore.on_unlock = nil
    end

    it 'raises the later one once the unlock is done, and runs the caller\'s ensure' do
      caller = interrupt_twice(->(thread) { thread.raise(LateInterruption) })

      expect { caller.join }.to raise_error(LateInterruption)
      expect(CountingTokenStore.counts.values_at(:locks, :unlocks)).to eq([1, 1])
      expect(ensures.size).to eq(1)
    end

    it 'lets a later Thread#kill end the thread, through the caller\'s ensure' do
      caller = interrupt_twice(->(thread) { thread.kill })

      expect(caller.join(5)).to eq(caller)
      expect(caller.status).to be(false)
      expect(CountingTokenStore.counts.values_at(:locks, :unlocks)).to eq([1, 1])
      expect(ensures.size).to eq(1)
    end

    it 'keeps the later one queued while the caller defers it, and delivers it when allowed' do
      seen = []
      deferring = lambda do |call|
        Thread.handle_interrupt(LateInterruption => :never) do
          begin
            call.call
          rescue Interruption
            seen << :first
          end
          seen << :between
          Thread.handle_interrupt(LateInterruption => :immediate) { sleep 1 }
        rescue LateInterruption
          seen << :late
        end
      end
      caller = interrupt_twice(->(thread) { thread.raise(LateInterruption) }, &deferring)

      expect(caller.join(5)).to eq(caller)
      expect(seen).to eq(%i[first between late])
      expect(CountingTokenStore.counts.values_at(:locks, :unlocks)).to eq([1, 1])
    end
  end

  it 'lets Thread#kill end a call made from a handler-backed refresh, and unlocks' do
    CountingTokenStore.on_get = ->(_) { sleep 5 }
    emulator.expire_access_tokens
    caller = Thread.new { client.get_organization_details }
    sleep 0.05 until CountingTokenStore.counts[:locks] == 1
    caller.kill

    expect(caller.join(5)).to eq(caller)
    expect(CountingTokenStore.counts.values_at(:locks, :unlocks)).to eq([1, 1])
    CountingTokenStore.on_get = nil
    expect(client.get_organization_details.data).not_to be_nil
  end
end
