# frozen_string_literal: true

# Every step of "Kaizen #18 - Ruby SDK", written as the seed writes it, under each store.
RSpec.describe 'The seed walkthrough' do
  include_context 'with the zoho emulator'

  # The seed's method, verbatim (spelling of ZohoOauth included).
  def self.is_token_generate(user)
    tokens = ZCRMSDK::OAuthClient::ZohoOauth.get_persistence_instance.get_oauth_tokens(user)
    unless tokens.nil?
      return true
    end
  rescue Exception => e # rubocop:disable Lint/RescueException
    return false
  end

  ZCRMSDKSpec::Stores::NAMES.each do |store|
    context "with #{store} persistence" do
      it 'initialises, generates tokens once, then reads the current user, a user and the org' do
        ZCRMSDK::RestClient::ZCRMRestClient.init(emulator.config(store_config(store)))
        expect(self.class.is_token_generate(user)).to be(false) unless store == 'mysql'

        client = ZCRMSDK::OAuthClient::ZohoOAuth.get_client_instance
        grant_token = emulator.grant_token
        tokens = client.generate_access_token(grant_token)
        expect(tokens).to be_a(ZCRMSDK::OAuthClient::ZohoOAuthTokens)
        expect(tokens.user_identifier).to eq(user)
        expect(self.class.is_token_generate(user)).to be(true)

        me = ZCRMSDK::RestClient::ZCRMRestClient.get_instance.get_current_user.data[0]
        expect(me.email).to eq(user)
        details = ZCRMSDK::RestClient::ZCRMRestClient.get_instance.get_organization_instance.get_user(me.id).data
        expect(details.id).to eq(me.id)
        org = ZCRMSDK::RestClient::ZCRMRestClient.get_instance.get_organization_details.data
        expect(org).to be_a(ZCRMSDK::Org::ZCRMOrganization)
        expect(org.company_name).not_to be_empty

        # A grant token works once: the second exchange is Zoho's invalid_code.
        expect { client.generate_access_token(grant_token) }
          .to raise_error(ZCRMSDK::OAuthError, /generate a new one/) { |e| expect(e.code).to eq('invalid_code') }
        expect(emulator.stats['token_exchanges']).to eq(1)
      end

      it 'keeps the tokens across a new init (a new process would find them in the store)' do
        config = emulator.config(store_config(store))
        ZCRMSDK::RestClient::ZCRMRestClient.init(config)
        generate_tokens
        ZCRMSDK::RestClient::ZCRMRestClient.init(config)
        expect(client.get_current_user.data[0].email).to eq(user)
        expect(emulator.stats).to include('token_exchanges' => 1, 'refreshes' => 0)
      end
    end
  end

  it 'sets the current user with ZCRMRestClient.current_user_email= when the config has none' do
    ZCRMSDK::RestClient::ZCRMRestClient.init(emulator.config('persistence' => 'memory').except('current_user_email'))
    ZCRMSDK::RestClient::ZCRMRestClient.current_user_email = nil
    generate_tokens
    expect { client.get_current_user }.to raise_error(ZCRMSDK::ZCRMException, /CURRENT USER NOT SET/)
    ZCRMSDK::RestClient::ZCRMRestClient.current_user_email = user
    expect(client.get_current_user.data[0].email).to eq(user)
  end

  it 'lets one thread act as another user without switching the process-wide user' do
    init_sdk('persistence' => 'memory')
    generate_tokens
    ZCRMSDK::RestClient::ZCRMRestClient.current_user_email = 'nobody@example.com'
    email = ZCRMSDK::RestClient::ZCRMRestClient.with_user(user) { client.get_current_user.data[0].email }
    expect(email).to eq(user)
    expect(ZCRMSDK::RestClient::ZCRMRestClient.current_user_email).to eq('nobody@example.com')
  end
end
