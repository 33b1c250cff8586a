# frozen_string_literal: true

# The seed documents a custom handler with saveOAuthData / getOAuthTokens / deleteOAuthTokens;
# 1.0.x called save_oauth_tokens / get_oauth_tokens. Both spellings work, and the handler is
# always called on the thread that made the API call.
RSpec.describe 'A custom persistence handler' do
  include_context 'with the zoho emulator'

  let(:handler_file) { File.expand_path('../fixtures/camel_store.rb', __dir__) }

  before do
    if defined?(CamelStore)
      CamelStore::STORE.clear
      CamelStore::CALLS.clear
    end
    init_sdk('persistence_handler_class_path' => handler_file, 'persistence_handler_class' => 'CamelStore')
  end

  it 'is used through the seed\'s camelCase method names' do
    tokens = generate_tokens
    expect(CamelStore::STORE.fetch(user).access_token).to eq(tokens.access_token)
    expect(persistence).to be_a(CamelStore)
    expect(client.get_current_user.data[0].email).to eq(user)
    ZCRMSDK::OAuthClient::ZohoOAuth.get_client_instance.revoke_refresh_token(user)
    expect(CamelStore::STORE).not_to have_key(user)
  end

  it 'is called on the Ruby thread that made the call, also when refreshing' do
    generate_tokens
    stale = CamelStore::STORE.fetch(user)
    stale.expiry_time = 0
    init_sdk('persistence_handler_class_path' => handler_file, 'persistence_handler_class' => 'CamelStore') # empty cache
    CamelStore::CALLS.clear
    caller_thread = Thread.new { client.get_current_user.data[0].email }
    expect(caller_thread.value).to eq(user)
    expect(CamelStore::CALLS.map(&:first)).to include(:get, :save)
    expect(CamelStore::CALLS.map(&:last).uniq).to eq([caller_thread])
    expect(emulator.stats['refreshes']).to eq(1)
  end
end
