# frozen_string_literal: true

require 'pp'
require 'stringio'

# No inspect, to_s, pp or exception message of a gem object shows a secret: client_secret,
# db_password, tokens, a URL's password. They show `[FILTERED]` instead (Rails' convention).
RSpec.describe 'Secrets' do
  include_context 'with the zoho emulator'

  let(:emulator_options) { { client_secret: 'cs-SECRET-4f9a2c' } }
  let(:db_password) { 'db-SECRET-77e1b0' }
  let(:url_password) { 'url-SECRET-0c3d9e' }
  let(:log) { StringIO.new }
  let(:logger) { Logger.new(log).tap { |l| l.level = Logger::DEBUG } }
  let(:token_shape) { /\b1000\.[0-9a-f]{16,}\.[0-9a-f]{16,}\b/ }

  def renderings(object)
    { inspect: object.inspect, to_s: object.to_s, pp: object.pretty_inspect }
  end

  def expect_filtered(object, secrets, filtered: %i[inspect pp])
    renderings(object).each do |how, text|
      secrets.each { |secret| expect(text).not_to include(secret), "#{object.class}##{how} shows #{secret}: #{text}" }
      expect(text).to include('[FILTERED]'), "#{object.class}##{how}: #{text}" if filtered.include?(how)
    end
  end

  describe 'objects holding the configuration or tokens' do
    let!(:grant) { emulator.grant_token }

    before do
      init_sdk('persistence' => 'memory', 'db_password' => db_password, 'logger' => logger)
      @tokens = ZCRMSDK::OAuthClient::ZohoOAuth.get_client_instance.generate_access_token(grant)
    end

    def secrets
      [emulator.client_secret, db_password, grant, @tokens.access_token, @tokens.refresh_token]
    end

    it 'filters the engine, its configuration and its log, and still shows the rest' do
      engine = ZCRMSDK::Internal.engine
      [engine, engine.configuration, engine.log].each { |object| expect_filtered(object, secrets) }
      expect(engine.inspect).to include('persistence="memory"', "client_id=#{emulator.client_id.inspect}",
                                        'client_secret=[FILTERED]', 'db_password=[FILTERED]', 'logger=Logger')
    end

    it 'filters the OAuth client, its params, tokens, connector and the persistence handler' do
      oauth = ZCRMSDK::OAuthClient::ZohoOAuth.get_client_instance
      stored = persistence.get_oauth_tokens(user)
      connector = oauth.get_connector(ZCRMSDK::OAuthClient::ZohoOAuth.get_token_url)
      connector.add_http_request_params('refresh_token', @tokens.refresh_token)
      connector.add_http_header('Authorization', "Zoho-oauthtoken #{@tokens.access_token}")
      [oauth, ZCRMSDK::OAuthClient::ZohoOAuthClient.get_oauth_params, @tokens, stored, connector].each do |object|
        expect_filtered(object, secrets)
      end
      expect(stored.inspect).to include("user_identifier=#{user.inspect}")
      expect_filtered(persistence, secrets, filtered: [])
    end

    it 'filters the emulator, whose client_secret is the one the gem is given' do
      expect_filtered(emulator, secrets)
      expect(emulator.inspect).to include(emulator.base_url)
    end
  end

  describe 'exceptions' do
    def raised(&block)
      block.call
    rescue ZCRMSDK::Error => e
      e
    else
      raise 'expected a ZCRMSDK::Error'
    end

    let(:base) { emulator.config('persistence' => 'memory', 'db_password' => db_password) }

    it 'never show the secrets of a bad configuration' do
      [{ 'db_port' => 'port_number', 'persistence' => 'mysql' }, { 'sandbox' => 'yes' },
       { 'ca_file' => "https://user:#{url_password}@example.com/ca.pem" }].each do |bad|
        error = raised { init_sdk(base.merge(bad)) }
        expect(error).to be_a(ZCRMSDK::ConfigurationError)
        expect_filtered(error, [emulator.client_secret, db_password, url_password], filtered: [])
        expect(error.message).to include('[FILTERED]') if bad.key?('ca_file')
      end
    end

    it 'filter the password of a malformed URL' do
      error = raised { init_sdk(base.merge('accounts_url' => "https://user:#{url_password}@")) }
      expect(error).to be_a(ZCRMSDK::ConfigurationError)
      expect_filtered(error, [url_password], filtered: %i[inspect to_s pp])
      expect(error.message).to include('user:[FILTERED]@')
    end

    it 'refuse a URL that carries credentials at init, without repeating the password' do
      %w[accounts_url api_base_url].each do |key|
        error = raised { init_sdk(base.merge(key => "http://user:#{url_password}@127.0.0.1:1", 'logger' => logger)) }
        expect(error).to be_a(ZCRMSDK::ConfigurationError)
        expect(error.key).to eq(key)
        expect(error.message).to include('must not carry credentials')
        expect_filtered(error, [url_password], filtered: [])
      end
      expect(log.string).not_to include(url_password)
    end

    it 'filter tokens in the message of a custom handler\'s failure' do
      leaky = File.join(scratch, 'leaky_store.rb')
      File.write(leaky, <<~RUBY)
        class LeakyStore
          def save_oauth_tokens(tokens) = raise(IOError, "cannot save \#{tokens.access_token} and \#{tokens.refresh_token}")
          def get_oauth_tokens(_user) = nil
        end
      RUBY
      init_sdk('persistence_handler_class_path' => leaky, 'persistence_handler_class' => 'LeakyStore')
      error = raised { generate_tokens }
      expect(error).to be_a(ZCRMSDK::PersistenceError)
      expect(error.message).to include('cannot save [FILTERED] and [FILTERED]')
      renderings(error).each_value { |text| expect(text).not_to match(token_shape) }
    end
  end
end
