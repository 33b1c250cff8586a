# frozen_string_literal: true

require_relative '../../fixtures/counting_token_store'

# Callbacks run on the calling thread in plain Ruby, so they may call the SDK themselves; a
# call that could only finish after the call it was made from gives a clear error instead of
# hanging. `timeout` bounds a whole call, whatever it waits for.
RSpec.describe 'Re-entrant calls and deadlines' do
  include_context 'with the zoho emulator'

  let(:counting_store) { ZCRMSDKSpec::Stores.counting }

  before { CountingTokenStore.reset! }

  describe 'a callback that calls the SDK' do
    before do
      init_sdk(counting_store)
      generate_tokens
    end

    it 'gets its answer when an IO being downloaded into makes a call from #write' do
      lead = ZCRMSDK::Operations::ZCRMRecord.get_instance('Leads').tap { |l| l['Last_Name'] = 'Nested' }
      lead.create
      upload = File.join(scratch, 'a.txt').tap { |path| File.write(path, 'nested bytes') }
      attachment_id = lead.upload_attachment(upload).data.id
      seen = []
      sink = StringIO.new(+'')
      sink.define_singleton_method(:write) do |chunk|
        seen << ZCRMSDK::RestClient::ZCRMRestClient.get_instance.get_organization_details.data.company_name
        super(chunk)
      end

      lead.download_attachment(attachment_id, to: sink)

      expect(sink.string).to eq('nested bytes')
      expect(seen).not_to be_empty
      expect(seen.uniq).to eq([client.get_organization_details.data.company_name])
    end

    it 'raises a clear error, not a hang, when a handler calls the SDK for the user being refreshed' do
      nested = []
      CountingTokenStore.on_get = lambda do |_user|
        next unless nested.empty?

        begin
          ZCRMSDK::RestClient::ZCRMRestClient.get_instance.get_current_user
          nested << :answered
        rescue ZCRMSDK::Error => e
          nested << e
        end
      end
      emulator.expire_access_tokens

      org = client.get_organization_details

      expect(org.data.company_name).not_to be_empty
      expect(nested.size).to eq(1)
      expect(nested.first).to be_a(ZCRMSDK::ValidationError)
      expect(nested.first.exception_code).to eq('REENTRANT CALL')
      expect(nested.first.message).to include('from inside a token refresh', user)
    end
  end

  describe 'timeout' do
    it 'bounds the whole call, retries included, against a server that never answers' do
      init_sdk('persistence' => 'memory', 'timeout' => 2, 'attempt_timeout' => 1.5)
      generate_tokens
      emulator.inject_fault(path_prefix: '/crm/v2/org', kind: 'latency', latency_ms: 30_000, times: 5)
      emulator.clear_requests
      started = Process.clock_gettime(Process::CLOCK_MONOTONIC)

      expect { client.get_organization_details }.to raise_error(ZCRMSDK::TimeoutError)

      expect(Process.clock_gettime(Process::CLOCK_MONOTONIC) - started).to be < 2.5
      org_requests = emulator.requests.count { |r| r['path'].to_s.end_with?('/org') }
      expect(org_requests).to eq(2) # the first attempt timed out at 1.5 s; the retry got what was left
    end

    it 'bounds the wait for a refresh lock another process holds, and says so' do
      init_sdk(store_config('file').merge('timeout' => 1))
      generate_tokens
      emulator.expire_access_tokens
      lock = File.open(File.join(scratch, 'tokens', 'zcrm_oauthtokens.txt.lock'), File::RDWR | File::CREAT)
      lock.flock(File::LOCK_EX)

      expect { client.get_organization_details }
        .to raise_error(ZCRMSDK::TimeoutError, /refresh lock for #{Regexp.escape(user)} stayed held/)

      lock.close
      expect(client.get_organization_details.data.company_name).not_to be_empty
      expect(emulator.stats['refreshes']).to eq(1)
    end
  end
end
