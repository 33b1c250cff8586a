# frozen_string_literal: true

require_relative '../../fixtures/counting_token_store'

# Under a Fiber scheduler (Ruby 3.1's Fiber.set_scheduler, as async-based servers use) a call
# blocks its thread until it ends, and what a callback raised belongs to its own call only.
RSpec.describe 'Calls under a Fiber scheduler' do
  include_context 'with the zoho emulator'

  # The smallest scheduler Ruby accepts: fibers run as soon as they are scheduled; nothing
  # here waits on IO through it.
  class ImmediateScheduler
    def fiber(&block)
      Fiber.new(blocking: false, &block).tap(&:resume)
    end

    def kernel_sleep(duration = nil)
      Kernel.sleep(duration) if duration
    end

    def block(_blocker, timeout = nil)
      Kernel.sleep(timeout || 0.001)
    end

    def unblock(_blocker, _fiber); end

    def io_wait(io, events, timeout)
      readable, writable = IO.select([io], [io], nil, timeout)
      (readable&.any? ? IO::READABLE : 0) | (writable&.any? ? IO::WRITABLE : 0) & events
    end

    def close; end
  end

  let(:counting_store) { ZCRMSDKSpec::Stores.counting }

  before do
    CountingTokenStore.reset!
    init_sdk(counting_store)
    generate_tokens
  end

  it 'keeps each call\'s errors to itself' do
    broken = Class.new(StandardError)
    outcomes = {}
    Thread.new do
      Fiber.set_scheduler(ImmediateScheduler.new)
      Fiber.schedule do
        CountingTokenStore.on_get = ->(_) { raise broken, 'database gone' }
        emulator.expire_access_tokens
        outcomes[:failing] = begin
          client.get_organization_details
        rescue ZCRMSDK::Error => e
          e
        end
        CountingTokenStore.on_get = nil
      end
      Fiber.schedule do
        outcomes[:working] = begin
          client.get_organization_details.data.company_name
        rescue ZCRMSDK::Error => e
          e
        end
      end
    end.join

    expect(outcomes[:failing]).to be_a(ZCRMSDK::PersistenceError)
    expect(outcomes[:failing].cause).to be_a(broken)
    expect(outcomes[:working]).to be_a(String)
  end
end
