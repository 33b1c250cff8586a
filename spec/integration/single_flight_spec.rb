# frozen_string_literal: true

# Zoho issues at most 10 access tokens per refresh token per 10 minutes: a refresh storm
# locks a customer out. However many threads and processes find the token expired, the
# gem refreshes it once.
RSpec.describe 'Token refresh' do
  include_context 'with the zoho emulator'

  ZCRMSDKSpec::Stores::NAMES.each do |store|
    it "happens exactly once for 16 threads in each of 3 processes sharing a #{store} store" do
      init_sdk(store_config(store))
      generate_tokens
      expire_stored_tokens

      statuses = storm(processes: 3, threads: 16)

      expect(statuses).to all(be_success)
      expect(emulator.stats['refreshes']).to eq(1)
      expect(persistence.get_oauth_tokens(user).expiry_time)
        .to be > ZCRMSDK::OAuthClient::ZohoOAuthTokens.get_current_time_in_millis + 60_000
    end
  end

  it 'happens once when 16 threads are told INVALID_TOKEN, and each call is retried once' do
    init_sdk(store_config('sqlite'))
    generate_tokens
    emulator.expire_access_tokens

    emails = Array.new(16) { Thread.new { client.get_current_user.data[0].email } }.map(&:value)

    expect(emails).to all(eq(user))
    expect(emulator.stats['refreshes']).to eq(1)
  end

  it 'is skipped while the cached token is fresh: the store is read once, not per call' do
    init_sdk(store_config('file'))
    generate_tokens
    tokens_file = File.join(scratch, 'tokens', 'zcrm_oauthtokens.txt')
    File.write(tokens_file, 'this would be unreadable if the store were read again')
    3.times { client.get_current_user }
    expect(emulator.stats['refreshes']).to eq(0)
  end
end
