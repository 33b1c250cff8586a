# frozen_string_literal: true

# ZCRMRestClient.init(config): the seed's keys and defaults; every mistake is caught at init
# and named, with what to do about it.
RSpec.describe 'ZCRMRestClient.init' do
  let(:base) { { 'client_id' => 'id', 'client_secret' => 'secret', 'redirect_uri' => 'https://www.zoho.com', 'persistence' => 'memory' } }
  let(:scratch) { Dir.mktmpdir('zcrmsdk-config') }

  after { FileUtils.rm_rf(scratch) }

  def init(config)
    ZCRMSDK::RestClient::ZCRMRestClient.init(config)
  end

  def settings
    ZCRMSDK::Internal.engine.settings
  end

  it 'returns the ZohoOAuth instance and applies the documented defaults' do
    expect(init(base)).to be_a(ZCRMSDK::OAuthClient::ZohoOAuth)
    expect(settings).to include('accounts_url' => 'https://accounts.zoho.com', 'api_base_url' => 'https://www.zohoapis.com',
                                'api_version' => 'v2', 'sandbox' => false)
    defaults = %w[access_type sandbox log_in_console api_version application_log_file_path]
                 .to_h { |key| [key, ZCRMSDK::Utility::ZCRMConfigUtil.get_config_value(key)] }
    expect(defaults).to eq('access_type' => 'offline', 'sandbox' => 'false', 'log_in_console' => 'false',
                           'api_version' => 'v2', 'application_log_file_path' => ' ')
  end

  it 'accepts Symbol keys and boolean flags, and leaves the caller\'s Hash alone' do
    config = { client_id: 'id', client_secret: 'secret', redirect_uri: 'https://x', persistence: 'memory', sandbox: true }.freeze
    init(config)
    expect(settings).to include('sandbox' => true, 'api_base_url' => 'https://sandbox.zohoapis.com')
    init(base.merge('sandbox' => 'false'))
    expect(settings['sandbox']).to be(false)
  end

  it 'does not mutate the configuration Hash' do
    config = base.dup
    init(config)
    expect(config).to eq(base)
  end

  it 'sets the current user from current_user_email' do
    init(base.merge('current_user_email' => 'abc@xyz.com'))
    expect(ZCRMSDK::RestClient::ZCRMRestClient.current_user_email).to eq('abc@xyz.com')
  end

  {
    'https://accounts.zoho.com' => 'https://www.zohoapis.com', 'https://accounts.zoho.eu' => 'https://www.zohoapis.eu',
    'https://accounts.zoho.in' => 'https://www.zohoapis.in', 'https://accounts.zoho.com.au' => 'https://www.zohoapis.com.au',
    'https://accounts.zoho.com.cn' => 'https://www.zohoapis.com.cn', 'https://accounts.zoho.jp' => 'https://www.zohoapis.jp',
    'https://accounts.zohocloud.ca' => 'https://www.zohoapis.ca', 'https://accounts.zoho.sa' => 'https://www.zohoapis.sa'
  }.each do |accounts, api|
    it "uses #{api} for accounts_url #{accounts}" do
      init(base.merge('accounts_url' => accounts))
      expect(settings['api_base_url']).to eq(api)
    end
  end

  describe 'mistakes' do
    def expect_config_error(config, key, message)
      expect { init(config) }.to raise_error(ZCRMSDK::ConfigurationError, message) { |e| expect(e.key).to eq(key) }
    end

    it 'names a missing client_id, client_secret or redirect_uri' do
      %w[client_id client_secret redirect_uri].each do |key|
        expect_config_error(base.except(key), key, /'#{key}' is mandatory/)
      end
    end

    it 'is a ZohoOAuthException, as 1.0.x raised for missing keys' do
      expect { init(base.except('client_id')) }.to raise_error(ZCRMSDK::OAuthUtility::ZohoOAuthException)
    end

    it 'rejects a missing configuration with 1.0.x\'s code' do
      expect { init(nil) }.to raise_error(ZCRMSDK::Utility::ZCRMException) { |e| expect(e.exception_code).to eq('CONFIG DETAILS IS NOT PROVIDED') }
    end

    it 'names a custom handler file that does not exist' do
      config = base.except('persistence').merge('persistence_handler_class_path' => '/nope/handler.rb', 'persistence_handler_class' => 'X')
      expect_config_error(config, 'persistence_handler_class_path', %r{/nope/handler\.rb, which does not exist})
    end

    it 'names a custom handler class that the file does not define' do
      file = File.join(scratch, 'handler.rb')
      File.write(file, "class SomethingElse; end\n")
      config = base.except('persistence').merge('persistence_handler_class_path' => file, 'persistence_handler_class' => 'MissingStore')
      expect_config_error(config, 'persistence_handler_class', /MissingStore, but .* does not define it/)
    end

    it 'names a handler class path without its class name' do
      config = base.except('persistence').merge('persistence_handler_class_path' => __FILE__)
      expect_config_error(config, 'persistence_handler_class', /'persistence_handler_class' is mandatory/)
    end

    it 'names a handler class without the methods the gem calls' do
      file = File.join(scratch, 'incomplete.rb')
      File.write(file, "class IncompleteStore; def get_oauth_tokens(user); end; end\n")
      config = base.except('persistence').merge('persistence_handler_class_path' => file, 'persistence_handler_class' => 'IncompleteStore')
      expect_config_error(config, 'persistence_handler_class', /must define save_oauth_tokens/)
    end

    it 'names a malformed or insecure URL' do
      expect_config_error(base.merge('accounts_url' => 'https://'), 'accounts_url', /has no host|not a valid URL/)
      expect_config_error(base.merge('api_base_url' => 'http://www.zohoapis.com'), 'api_base_url', /must be reached over https/)
      expect_config_error(base.merge('accounts_url' => 'ftp://accounts.zoho.com'), 'accounts_url', /https:/)
    end

    it 'names a value that is not UTF-8 text, and converts one in another encoding' do
      expect_config_error(base.merge('client_secret' => "s\xFF\xFEcret".b), 'client_secret', /not valid UTF-8/)
      latin1 = 'Zoho Ünïcode'.encode(Encoding::ISO_8859_1)
      expect { init(base.merge('current_user_email' => latin1)) }.not_to raise_error
    end

    it 'accepts http:// only for loopback hosts' do
      expect { init(base.merge('api_base_url' => 'http://127.0.0.1:3000', 'accounts_url' => 'http://localhost:3000')) }.not_to raise_error
    end

    it 'names a flag that is neither true nor false' do
      expect_config_error(base.merge('sandbox' => 'yes'), 'sandbox', /'true' or 'false'/)
    end

    it 'names a db_port that is not a port' do
      expect_config_error(base.except('persistence').merge('db_port' => 'port_number'), 'db_port', /TCP port/)
    end

    it 'names a ca_file that does not exist' do
      expect_config_error(base.merge('ca_file' => '/nope/ca.pem'), 'ca_file', /not a readable file/)
    end

    it 'names an unknown persistence kind' do
      expect_config_error(base.merge('persistence' => 'redis'), 'persistence', /one of custom, file, mysql, sqlite, memory/)
    end
  end

  describe 'the store it picks (custom > file > MySQL > SQLite)' do
    it 'uses SQLite when no persistence key is given' do
      init(base.except('persistence').merge('sqlite_path' => File.join(scratch, 't.sqlite3')))
      expect(settings['persistence']).to eq('sqlite')
      expect(ZCRMSDK::OAuthClient::ZohoOAuth.get_persistence_instance).to be_a(ZCRMSDK::Persistence::SQLitePersistenceHandler)
    end

    it 'uses MySQL when a db_ key is given, and the file store over it' do
      init(base.except('persistence').merge('db_username' => 'root'))
      expect(ZCRMSDK::OAuthClient::ZohoOAuth.get_persistence_instance).to be_a(ZCRMSDK::Persistence::ZohoOAuthPersistenceHandler)
      init(base.except('persistence').merge('db_username' => 'root', 'token_persistence_path' => scratch))
      expect(ZCRMSDK::OAuthClient::ZohoOAuth.get_persistence_instance).to be_a(ZCRMSDK::Persistence::ZohoOAuthFilePersistenceHandler)
    end

    it 'uses the custom handler over everything' do
      init(base.except('persistence').merge('token_persistence_path' => scratch,
                                            'persistence_handler_class_path' => ZCRMSDKSpec::Stores::HANDLER,
                                            'persistence_handler_class' => 'SpecTokenStore'))
      expect(ZCRMSDK::OAuthClient::ZohoOAuth.get_persistence_instance).to be_a(SpecTokenStore)
    end
  end
end
