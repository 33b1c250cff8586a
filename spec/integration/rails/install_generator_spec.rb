# frozen_string_literal: true

require 'tmpdir'

# `rails generate zcrmsdk:install` sets a Rails app up: an initializer that reads the Zoho
# client from the app's encrypted credentials, and with --active-record the table, migration
# and model that keep the tokens in the app's database. Run in a fresh Rails 6.1 app.
RSpec.describe 'rails generate zcrmsdk:install' do
  let(:root) { Dir.mktmpdir('zcrmsdk-rails-app') }
  let(:credentials) do
    { zoho: { 'client_id' => '1000.SKELETON', 'client_secret' => 'skeleton-secret',
              'redirect_uri' => 'https://skeleton.example/zoho/callback', 'current_user_email' => 'crm@skeleton.example' } }
  end
  let(:app) { ZCRMSDKSpec::RailsAppSkeleton.new(root, credentials: credentials) }

  after { FileUtils.rm_rf(root) }

  def generate(*options)
    output, succeeded = app.rails('generate', 'zcrmsdk:install', *options)
    expect(succeeded).to be(true), output
    output
  end

  it 'writes an initializer that configures the client from credentials, token store left to choose' do
    output = generate

    expect(output).to include('create  config/initializers/zcrmsdk.rb')
    initializer = app.read('config/initializers/zcrmsdk.rb')
    expect(initializer).to include(<<~RUBY)
      ZCRMSDK.configure do |config|
        config.client_id     = Rails.application.credentials.dig(:zoho, :client_id)
        config.client_secret = Rails.application.credentials.dig(:zoho, :client_secret)
        config.redirect_uri  = Rails.application.credentials.dig(:zoho, :redirect_uri)
        config.current_user_email = Rails.application.credentials.dig(:zoho, :current_user_email)
    RUBY
    expect(initializer).to include('  # config.token_store = :active_record')
    expect(initializer).not_to include('ActiveRecordTokenStore')
    expect(app.glob('db/migrate/*') + app.glob('app/models/zoho_oauth_token.rb')).to be_empty
  end

  context 'with --active-record' do
    before { generate('--active-record') }

    it 'also writes the token table\'s migration and model, and selects the store' do
      initializer = app.read('config/initializers/zcrmsdk.rb')
      expect(initializer).to match(/^  config\.token_store = :active_record$/)
      expect(initializer).to match(/^ZCRMSDK::ActiveRecordTokenStore\.model = 'ZohoOauthToken'/)
      expect(app.glob('db/migrate/*')).to match([/\Adb\/migrate\/\d{14}_create_zcrmsdk_oauth_tokens\.rb\z/])
      expect(app.read(app.glob('db/migrate/*').first)).to include('ActiveRecord::Migration[6.1]')
      expect(app.read('app/models/zoho_oauth_token.rb')).to include('class ZohoOauthToken < ApplicationRecord')
    end

    # Without booting the app, whose initializer needs ZCRMSDK.configure (see the next example).
    it 'gives a migration and model that the store keeps tokens with, on SQLite' do
      output, succeeded = app.ruby('-e', <<~RUBY)
        require 'zcrmsdk/active_record_token_store'
        ActiveRecord::Base.establish_connection(adapter: 'sqlite3', database: 'db/development.sqlite3')
        ActiveRecord::Migration.verbose = false
        ActiveRecord::MigrationContext.new('db/migrate', ActiveRecord::SchemaMigration).migrate
        require './app/models/application_record'
        require './app/models/zoho_oauth_token'
        ZCRMSDK::ActiveRecordTokenStore.model = 'ZohoOauthToken'
        store = ZCRMSDK::ActiveRecordTokenStore.new
        tokens = ZCRMSDK::OAuthClient::ZohoOAuthTokens.new('refresh', 'access', 1_700_000_000_123, 'a@b.example')
        tokens.accounts_server = 'https://accounts.zoho.eu'
        store.lock_oauth_tokens('a@b.example')
        store.save_oauth_tokens(tokens)
        store.unlock_oauth_tokens('a@b.example')
        puts store.get_oauth_tokens('a@b.example').to_h.to_json
        puts ZohoOauthToken.count
      RUBY

      expect(succeeded).to be(true), output
      expect(output.lines.map(&:chomp)).to eq([
        { user_identifier: 'a@b.example', access_token: 'access', refresh_token: 'refresh',
          expiry_time: 1_700_000_000_123, api_domain: nil, accounts_server: 'https://accounts.zoho.eu' }.to_json,
        '1'
      ])
    end

    it 'boots the app, migrates with bin/rails db:migrate and uses the model through the initializer' do
      pending 'ZCRMSDK.configure (issue 9, item 1) is not on this branch yet' unless ZCRMSDK.respond_to?(:configure)

      output, succeeded = app.rails('db:migrate')
      expect(succeeded).to be(true), output
      output, succeeded = app.rails('runner', <<~RUBY)
        tokens = ZCRMSDK::OAuthClient::ZohoOAuthTokens.new('refresh', 'access', 1_700_000_000_123, 'a@b.example')
        ZCRMSDK::ActiveRecordTokenStore.new.save_oauth_tokens(tokens)
        puts ZCRMSDK::ActiveRecordTokenStore.model.name, ZohoOauthToken.pluck(:access_token).inspect
      RUBY
      expect(succeeded).to be(true), output
      expect(output.lines.map(&:chomp).last(2)).to eq(['ZohoOauthToken', '["access"]'])
    end
  end
end
