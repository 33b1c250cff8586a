# frozen_string_literal: true

require 'logger'
require_relative '../fixtures/counting_token_store'

# ZCRMSDK.configure: symbol-named, typed attributes and ENV fallbacks for the default client,
# the one 1.0.x code uses.
RSpec.describe 'ZCRMSDK.configure' do
  include_context 'with the zoho emulator'

  around do |example|
    saved = ENV.to_h.select { |name, _| name.start_with?('ZOHO_') }
    saved.each_key { |name| ENV.delete(name) }
    example.run
  ensure
    ENV.keys.grep(/\AZOHO_/).each { |name| ENV.delete(name) }
    ENV.update(saved)
    ZCRMSDK.instance_variable_set(:@options, nil)
  end

  def configure_for(emulator)
    ZCRMSDK.configure do |c|
      c.client_id = emulator.client_id
      c.client_secret = emulator.client_secret
      c.redirect_uri = 'https://www.zoho.com'
      c.accounts_url = emulator.accounts_url
      c.api_base_url = emulator.api_base_url
      c.ca_file = Pathname(emulator.ca_file)
      c.current_user_email = emulator.user_email
      c.token_store = :memory
      yield c if block_given?
    end
  end

  it 'configures the default client, which 1.0.x code then uses' do
    configure_for(emulator) { |c| c.timeout = 20 }
    ZCRMSDK::OAuthClient::ZohoOAuth.get_client_instance.generate_access_token(emulator.grant_token)

    user = ZCRMSDK::RestClient::ZCRMRestClient.get_instance.get_current_user.data.first
    expect(user.email).to eq(emulator.user_email)
    expect(ZCRMSDK::Internal.engine.settings).to include('persistence' => 'memory', 'accounts_url' => emulator.accounts_url)
    expect(ZCRMSDK.configured?).to be(true)
  end

  it 'keeps what earlier calls set' do
    configure_for(emulator)
    ZCRMSDK.configure { |c| c.max_retries = 5 }
    expect(ZCRMSDK.configuration.client_id).to eq(emulator.client_id)
    expect(ZCRMSDK.configuration.max_retries).to eq(5)
  end

  it 'checks each value when it is assigned, naming the option' do
    expect { ZCRMSDK.configure { |c| c.sandbox = 'yes' } }
      .to raise_error(ZCRMSDK::ConfigurationError, /'sandbox' must be true or false, not String/) { |e| expect(e.key).to eq('sandbox') }
    expect { ZCRMSDK.configure { |c| c.db_port = '3306' } }.to raise_error(ZCRMSDK::ConfigurationError, /'db_port' must be an Integer/)
    expect { ZCRMSDK.configure { |c| c.exception_log_level = :loud } }.to raise_error(ZCRMSDK::ConfigurationError, /exception_log_level/)
  end

  it 'names the valid options when an unknown one is set' do
    expect { ZCRMSDK.configure { |c| c.clientid = 'x' } }
      .to raise_error(NoMethodError, /no configuration option 'clientid'; the options are: client_id, client_secret/)
  end

  describe 'token_store' do
    it 'takes a store name' do
      configure_for(emulator) { |c| c.token_store = :sqlite; c.sqlite_path = File.join(scratch, 't.sqlite3') }
      expect(ZCRMSDK::Internal.engine.settings['persistence']).to eq('sqlite')
      expect(ZCRMSDK::OAuthClient::ZohoOAuth.get_persistence_instance).to be_a(ZCRMSDK::Persistence::SQLitePersistenceHandler)
    end

    it 'takes a handler Class, with no file path' do
      CountingTokenStore.reset!
      configure_for(emulator) { |c| c.token_store = CountingTokenStore }
      ZCRMSDK::OAuthClient::ZohoOAuth.get_client_instance.generate_access_token(emulator.grant_token)
      ZCRMSDK::RestClient::ZCRMRestClient.get_instance.get_current_user
      expect(ZCRMSDK::OAuthClient::ZohoOAuth.get_persistence_instance).to be_a(CountingTokenStore)
      expect(CountingTokenStore.new.get_oauth_tokens(emulator.user_email).user_identifier).to eq(emulator.user_email)
    end

    it 'refuses anything else, listing what it takes' do
      expect { ZCRMSDK.configure { |c| c.token_store = :redis } }
        .to raise_error(ZCRMSDK::ConfigurationError, /token_store must be one of :memory, :file, :sqlite, :mysql, :active_record or a handler Class/)
    end

    it 'says what :active_record needs when its store cannot be loaded' do
      allow(ZCRMSDK::Configuration::TokenStore).to receive(:require)
        .with('zcrmsdk/active_record_token_store').and_raise(LoadError, 'cannot load such file -- active_record')
      expect { ZCRMSDK.configure { |c| c.token_store = :active_record } }
        .to raise_error(ZCRMSDK::ConfigurationError, /token_store :active_record could not load .*needs ActiveRecord/)
    end
  end

  it 'accepts persistence_handler_class as a Class in the 1.0.x Hash too' do
    CountingTokenStore.reset!
    ZCRMSDK::RestClient::ZCRMRestClient.init(emulator.config('persistence_handler_class' => CountingTokenStore))
    expect(ZCRMSDK::Internal.engine.settings['persistence']).to eq('custom')
    expect(ZCRMSDK::OAuthClient::ZohoOAuth.get_persistence_instance).to be_a(CountingTokenStore)
  end

  it 'refuses a handler Class that lacks the store methods' do
    expect { ZCRMSDK::RestClient::ZCRMRestClient.init(emulator.config('persistence_handler_class' => Class.new)) }
      .to raise_error(ZCRMSDK::ConfigurationError, /must define save_oauth_tokens and get_oauth_tokens/)
  end

  describe 'ENV fallbacks' do
    it 'reads ZOHO_<KEY> for the keys left unset, and ZOHO_TOKEN_STORE' do
      ENV.update('ZOHO_CLIENT_ID' => emulator.client_id, 'ZOHO_CLIENT_SECRET' => emulator.client_secret,
                 'ZOHO_REDIRECT_URI' => 'https://www.zoho.com', 'ZOHO_ACCOUNTS_URL' => emulator.accounts_url,
                 'ZOHO_API_BASE_URL' => emulator.api_base_url, 'ZOHO_CA_FILE' => emulator.ca_file,
                 'ZOHO_CURRENT_USER_EMAIL' => emulator.user_email, 'ZOHO_TOKEN_STORE' => 'memory')
      ZCRMSDK.configure
      ZCRMSDK.client.generate_access_token(emulator.grant_token)

      expect(ZCRMSDK.client.get_current_user.data.first.email).to eq(emulator.user_email)
      expect(ZCRMSDK::Internal.engine.settings['persistence']).to eq('memory')
    end

    it 'lets settings given in code win' do
      ENV.update('ZOHO_CLIENT_ID' => 'from-env', 'ZOHO_TOKEN_STORE' => 'file', 'ZOHO_TOKEN_PERSISTENCE_PATH' => scratch)
      configure_for(emulator)
      expect(ZCRMSDK::Utility::ZCRMConfigUtil.get_config_value('client_id')).to eq(emulator.client_id)
      expect(ZCRMSDK::Internal.engine.settings['persistence']).to eq('memory')
    end
  end

  describe ZCRMSDK::Configuration::Env do
    it 'maps every key but the logger and the handler keys to ZOHO_<KEY>' do
      expect(described_class.variables).to include('client_id' => 'ZOHO_CLIENT_ID', 'api_base_url' => 'ZOHO_API_BASE_URL',
                                                   'current_user_email' => 'ZOHO_CURRENT_USER_EMAIL')
      expect(described_class.variables.keys).not_to include('logger', 'persistence_handler_class', 'persistence_handler_class_path')
    end

    it 'gives the 1.0.x String keys, leaving out empty variables' do
      env = { 'ZOHO_CLIENT_ID' => 'id', 'ZOHO_SANDBOX' => 'true', 'ZOHO_DB_PORT' => '', 'PATH' => '/bin',
              'ZOHO_TOKEN_STORE' => 'MySQL' }
      expect(described_class.settings(env)).to eq('client_id' => 'id', 'sandbox' => 'true', 'persistence' => 'mysql')
    end
  end
end
