# frozen_string_literal: true

# A web app registered in one data centre serves users of others (Zoho's "Multi DC support":
# https://www.zoho.com/accounts/protocol/oauth/multi-dc/client-authorization.html). Zoho's
# redirect names the user's accounts server (`accounts-server=https://accounts.zoho.eu`); the
# grant must be exchanged there, and the tokens refreshed and revoked there, with API calls
# going to the `api_domain` Zoho names. Two emulators play the two data centres.
RSpec.describe 'Users of another data centre (multi-DC web apps)' do
  include_context 'with the zoho emulator'

  let(:emulator_options) { { tls: false } }
  let(:abroad) { ZCRMSDK::Testing::Emulator.start(tls: false) }
  let(:oauth) { ZCRMSDK::OAuthClient::ZohoOAuth.get_client_instance }

  after { abroad.stop }

  def init_home(store)
    init_sdk(store_config(store).merge('trusted_accounts_servers' => [abroad.accounts_url]))
  end

  def token_activity(emulator)
    emulator.stats.slice('token_exchanges', 'refreshes', 'revocations', 'user_info_requests', 'crm_requests')
  end

  ZCRMSDKSpec::Stores::NAMES.each do |store|
    it "stays with the accounts server that issued the tokens (#{store} store)" do
      init_home(store)
      tokens = oauth.generate_access_token(abroad.grant_token, accounts_server: abroad.accounts_url)
      expect(tokens.accounts_server).to eq(abroad.accounts_url)
      expect(persistence.get_oauth_tokens(user).accounts_server).to eq(abroad.accounts_url)

      init_home(store) # another process: it knows the user's data centre from the store alone
      client.get_organization_details
      abroad.expire_access_tokens
      client.get_organization_details
      oauth.revoke_refresh_token(user)

      expect(token_activity(abroad)).to eq('token_exchanges' => 1, 'refreshes' => 1, 'revocations' => 1,
                                           'user_info_requests' => 1, 'crm_requests' => 3)
      expect(token_activity(emulator).values).to all(eq(0))
    end
  end

  it 'keeps users of the configured data centre as they were' do
    init_home('sqlite')
    tokens = oauth.generate_access_token(emulator.grant_token, accounts_server: emulator.accounts_url)
    expect(tokens.accounts_server).to be_nil
    client.get_organization_details
    expect(token_activity(abroad).values).to all(eq(0))
  end

  it 'refuses a redirect naming a server that is neither Zoho nor trusted, before sending the secret' do
    init_home('sqlite')
    grant = emulator.grant_token

    expect { oauth.generate_access_token(grant, accounts_server: 'https://accounts.zoho.eu.attacker.example') }
      .to raise_error(ZCRMSDK::ValidationError) { |error|
        expect(error.exception_code).to eq('INVALID ACCOUNTS SERVER')
        expect(error.message).to include('trusted_accounts_servers')
      }
    expect(emulator.requests).to be_empty
    expect(oauth.generate_access_token(grant).user_identifier).to eq(user)
  end

  it 'takes trusted_accounts_servers as an Array or a comma-separated String' do
    init_sdk('persistence' => 'memory', 'trusted_accounts_servers' => "#{abroad.accounts_url}, https://sso.example.com")
    expect(oauth.generate_access_token(abroad.grant_token, accounts_server: abroad.accounts_url).accounts_server)
      .to eq(abroad.accounts_url)
    expect { init_sdk('trusted_accounts_servers' => ['ftp://x']) }
      .to raise_error(ZCRMSDK::ConfigurationError) { |error| expect(error.key).to eq('trusted_accounts_servers') }
  end
end
