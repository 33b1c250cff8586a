# frozen_string_literal: true

require 'tmpdir'
require 'fileutils'
require 'zcrmsdk/testing'

module ZCRMSDKSpec
  # The configuration keys that select each token store, given a scratch folder.
  module Stores
    NAMES = %w[file sqlite mysql custom].freeze
    HANDLER = File.expand_path('../fixtures/spec_token_store.rb', __dir__)
    COUNTING = File.expand_path('../fixtures/counting_token_store.rb', __dir__)

    # The in-process custom store that counts locks, unlocks and reads (CountingTokenStore).
    def self.counting
      { 'persistence_handler_class_path' => COUNTING, 'persistence_handler_class' => 'CountingTokenStore' }
    end

    def self.config(name, dir, mysql: nil)
      case name
      when 'file' then { 'token_persistence_path' => File.join(dir, 'tokens') }
      when 'sqlite' then { 'sqlite_path' => File.join(dir, 'tokens.sqlite3') }
      when 'custom'
        ENV['SPEC_TOKEN_STORE'] = File.join(dir, 'custom-tokens.json')
        { 'persistence_handler_class_path' => HANDLER, 'persistence_handler_class' => 'SpecTokenStore' }
      when 'mysql'
        { 'db_address' => mysql.host, 'db_port' => mysql.port.to_s, 'db_username' => mysql.username,
          'db_password' => mysql.password }
      end
    end
  end

  # A fresh emulator and scratch folder per example; the gem configured against them.
  RSpec.shared_context 'with the zoho emulator' do
    let(:emulator) { ZCRMSDK::Testing::Emulator.start(**emulator_options) }
    let(:emulator_options) { {} }
    let(:scratch) { Dir.mktmpdir('zcrmsdk-spec') }
    let(:user) { emulator.user_email }
    let(:client) { ZCRMSDK::RestClient::ZCRMRestClient.get_instance }

    after do
      emulator.stop
      FileUtils.rm_rf(scratch)
    end

    def init_sdk(overrides = {})
      ZCRMSDK::RestClient::ZCRMRestClient.init(emulator.config(overrides))
    end

    def generate_tokens
      ZCRMSDK::OAuthClient::ZohoOAuth.get_client_instance.generate_access_token(emulator.grant_token)
    end

    def persistence
      ZCRMSDK::OAuthClient::ZohoOAuth.get_persistence_instance
    end

    # Rewrites the stored tokens so that they look expired to every process.
    def expire_stored_tokens
      tokens = persistence.get_oauth_tokens(user)
      tokens.expiry_time = ZCRMSDK::OAuthClient::ZohoOAuthTokens.get_current_time_in_millis - 1_000
      persistence.save_oauth_tokens(tokens)
    end

    def store_config(name)
      server = name == 'mysql' ? mysql_server_or_skip : nil
      Stores.config(name, scratch, mysql: server)
    end

    def mysql_server_or_skip
      server = ZCRMSDKSpec::MariaDB.start
      skip 'MariaDB (mariadbd) is not installed: apt-get install mariadb-server' unless server
      server
    end
  end
end
