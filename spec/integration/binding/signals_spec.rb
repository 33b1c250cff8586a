# frozen_string_literal: true

require 'open3'

# A signal Ruby turns into an exception (SIGTERM: SignalException) ends the call it lands in,
# like any interrupt, and nothing is left behind, in a program with a single Ruby thread too:
# there Ruby 3.1 used to start and join a helper thread around every wait of the gem, and one
# such join hung for good when the interrupt's cleanup ran with interrupts deferred.
# (SIGINT is not used: Ruby 3.1 raises Ctrl-C's Interrupt even where interrupts are deferred,
# so it can land inside a store's lock_oauth_tokens after the lock was taken; see the README.)
RSpec.describe 'Signals in a single-threaded program' do
  include_context 'with the zoho emulator'

  let(:emulator_options) { { refresh_limit: 1_000_000, access_token_ttl: 16 } }

  it 'interrupts calls and refreshes 300 times without wedging, leaking a lock or breaking the next call' do
    script = File.expand_path('../../scripts/signals_in_one_thread.rb', __dir__)
    lib = File.expand_path('../../../lib', __dir__)
    Open3.popen3(RbConfig.ruby, '-I', lib, script, JSON.generate(emulator.config), emulator.grant_token, '300') do
      |_in, out, err, child|
      ready = JSON.parse(out.gets || raise("the script did not start: #{err.read}"))
      expect(ready['user_threads']).to eq(1)
      signaller = Thread.new do
        while child.alive?
          Process.kill('TERM', child.pid)
          sleep 0.0007
        end
      rescue Errno::ESRCH
        nil
      end
      finished = child.join(120)
      signaller.kill
      expect(finished).not_to be_nil, 'a call is wedged'
      expect(child.value).to be_success, err.read
      result = JSON.parse(out.read.lines.last)
      expect(result['outcomes']).to include('interrupted' => 300)
      expect(result['outcomes'].keys - %w[interrupted completed]).to be_empty, result.inspect
      expect(result['counts']['unlocks']).to eq(result['counts']['locks'])
      expect(result['last_call']).not_to be_empty
    ensure
      Process.kill('KILL', child.pid) if child&.alive?
    end
  end
end
