# frozen_string_literal: true

require 'zcrmsdk/active_record_token_store'

# Rails apps keep Zoho tokens in their own database: every Puma worker and Sidekiq process
# reads the same row, and when the access token expires one of them refreshes it while the
# others wait for it (Zoho allows 10 refreshes per 10 minutes). The same examples run against
# a real SQLite file, MariaDB and PostgreSQL.
RSpec.shared_examples 'an ActiveRecord token store' do
  include_context 'with the zoho emulator'

  let(:store_file) { ZCRMSDK::ActiveRecordTokenStore::PATH }
  let(:store) { ZCRMSDK::ActiveRecordTokenStore.new }
  let(:token_class) { ZCRMSDK::OAuthClient::ZohoOAuthTokens }

  before do
    ActiveRecord::Base.establish_connection(database_config)
    ZCRMSDKSpec::ActiveRecordTables.recreate_token_table
    # This process moves the model between kinds of database, which no app does: forget the
    # SQL and columns cached for the previous one.
    ZCRMSDK::ActiveRecordTokenStore.model.tap { |model| model.reset_column_information }.initialize_find_by_cache
  end

  after do
    ZCRMSDK::ActiveRecordTokenStore.model = nil
    ZCRMSDK::ActiveRecordTokenStore.lock_timeout = ZCRMSDK::ActiveRecordTokenStore::DEFAULT_LOCK_TIMEOUT
    ActiveRecord::Base.remove_connection
  end

  def tokens_for(user, access_token, api_domain: nil, accounts_server: nil)
    tokens = token_class.new("refresh-#{user}", access_token, 1_700_000_000_123, user)
    tokens.api_domain = api_domain
    tokens.accounts_server = accounts_server
    tokens
  end

  def init_with_store(overrides = {})
    init_sdk({ 'persistence_handler_class_path' => store_file,
               'persistence_handler_class' => 'ZCRMSDK::ActiveRecordTokenStore' }.merge(overrides))
  end

  it 'keeps each user\'s tokens, data centre included, until they are deleted' do
    store.save_oauth_tokens(tokens_for('us@example.com', 'a1'))
    store.save_oauth_tokens(tokens_for('eu@example.com', 'b1', api_domain: 'https://www.zohoapis.eu',
                                                               accounts_server: 'https://accounts.zoho.eu'))
    store.save_oauth_tokens(tokens_for('eu@example.com', 'b2', api_domain: 'https://www.zohoapis.eu',
                                                               accounts_server: 'https://accounts.zoho.eu'))

    expect(store.get_oauth_tokens('us@example.com').to_h)
      .to eq('user_identifier' => 'us@example.com', 'access_token' => 'a1', 'refresh_token' => 'refresh-us@example.com',
             'expiry_time' => 1_700_000_000_123, 'api_domain' => nil, 'accounts_server' => nil)
    expect(store.get_oauth_tokens('eu@example.com').to_h)
      .to include('access_token' => 'b2', 'api_domain' => 'https://www.zohoapis.eu',
                  'accounts_server' => 'https://accounts.zoho.eu')
    expect(ZCRMSDK::ActiveRecordTokenStore.model.count).to eq(2)

    store.delete_oauth_tokens('eu@example.com')
    expect { store.get_oauth_tokens('eu@example.com') }.to raise_error(ZCRMSDK::TokensNotFoundError, /eu@example.com/)
    expect(store.get_oauth_tokens('us@example.com').access_token).to eq('a1')
  end

  it 'is what the SDK reads and writes when configured as the persistence handler' do
    init_with_store
    tokens = generate_tokens

    expect(store_file).to eq(File.expand_path('../../../lib/zcrmsdk/active_record_token_store.rb', __dir__))
    expect(persistence).to be_a(ZCRMSDK::ActiveRecordTokenStore)
    row = ZCRMSDK::ActiveRecordTokenStore.model.find_by!(user_identifier: user)
    expect([row.access_token, row.refresh_token, row.expiry_time])
      .to eq([tokens.access_token, tokens.refresh_token, tokens.expiry_time])
    expect(client.get_current_user.data[0].email).to eq(user)
  end

  it 'serves a multi-DC user from the accounts server that issued the tokens' do
    abroad = ZCRMSDK::Testing::Emulator.start(tls: false)
    init_abroad = -> { init_with_store('trusted_accounts_servers' => [abroad.accounts_url]) }
    init_abroad.call
    ZCRMSDK::OAuthClient::ZohoOAuth.get_client_instance.generate_access_token(abroad.grant_token,
                                                                            accounts_server: abroad.accounts_url)
    expect(ZCRMSDK::ActiveRecordTokenStore.model.find_by!(user_identifier: user).accounts_server).to eq(abroad.accounts_url)
    expire_stored_tokens

    init_abroad.call # a fresh process: the user's data centre comes from the table alone
    client.get_organization_details

    expect(abroad.stats.slice('refreshes', 'crm_requests')).to eq('refreshes' => 1, 'crm_requests' => 1)
    expect(emulator.stats.slice('refreshes', 'crm_requests')).to eq('refreshes' => 0, 'crm_requests' => 0)
  ensure
    abroad&.stop
  end

  it 'refreshes exactly once for 8 threads in each of 3 processes sharing the database' do
    init_with_store
    generate_tokens
    expire_stored_tokens

    statuses = storm(processes: 3, threads: 8)

    expect(statuses).to all(be_success)
    expect(emulator.stats['refreshes']).to eq(1)
    expect(store.get_oauth_tokens(user).expiry_time).to be > token_class.get_current_time_in_millis + 60_000
  end

  it 'makes another process wait for a held lock, and gives up with a clear error past lock_timeout' do
    store.lock_oauth_tokens(user)
    blocked, message = in_forked_child do
      ZCRMSDK::ActiveRecordTokenStore.lock_timeout = 0.2
      ZCRMSDK::ActiveRecordTokenStore.new.lock_oauth_tokens(user)
    end
    store.unlock_oauth_tokens(user)
    free, = in_forked_child do
      other = ZCRMSDK::ActiveRecordTokenStore.new
      other.lock_oauth_tokens(user)
      other.unlock_oauth_tokens(user)
    end

    expect(blocked).to be(false)
    expect(message).to match(/ActiveRecordTokenStore::LockTimeoutError: could not take the token-refresh lock for #{user}/)
    expect(message).to include('lock_timeout')
    expect(free).to be(true)
  end

  it 'unlocks on the connection it locked on, and gives back a connection it leased for the lock' do
    pool = ZCRMSDK::ActiveRecordTokenStore.model.connection_pool
    busy_before = pool.stat[:busy]
    busy_during, busy_after = Thread.new do
      store.lock_oauth_tokens(user)
      during = pool.stat[:busy]
      store.unlock_oauth_tokens(user)
      [during, pool.stat[:busy]]
    end.value

    expect([busy_during, busy_after]).to eq([busy_before + 1, busy_before])
    relocked, = in_forked_child do
      ZCRMSDK::ActiveRecordTokenStore.lock_timeout = 0.2
      ZCRMSDK::ActiveRecordTokenStore.new.lock_oauth_tokens(user)
    end
    expect(relocked).to be(true)
  end

  it 'reads past Rails\' query cache, so a refresh by another process is seen' do
    store.save_oauth_tokens(tokens_for(user, 'old'))
    ActiveRecord::Base.connection.enable_query_cache!
    store.get_oauth_tokens(user)
    succeeded, = in_forked_child { ZCRMSDK::ActiveRecordTokenStore.new.save_oauth_tokens(tokens_for(user, 'new')) }

    expect(succeeded).to be(true)
    expect(store.get_oauth_tokens(user).access_token).to eq('new')
  ensure
    ActiveRecord::Base.connection.disable_query_cache!
  end

  it 'uses the app\'s own model when given one by name' do
    stub_const('ZohoOauthToken', Class.new(ActiveRecord::Base) { self.table_name = 'zcrmsdk_oauth_tokens' })
    ZCRMSDK::ActiveRecordTokenStore.model = 'ZohoOauthToken'
    store.save_oauth_tokens(tokens_for(user, 'mine'))

    expect(ZohoOauthToken.find_by!(user_identifier: user).access_token).to eq('mine')
    ZCRMSDK::ActiveRecordTokenStore.model = 'NoSuchModel'
    expect { store.get_oauth_tokens(user) }
      .to raise_error(NameError, /"NoSuchModel", which is not defined: run `rails generate zcrmsdk:install --active-record`/)
  end
end

RSpec.describe ZCRMSDK::ActiveRecordTokenStore do
  def require_adapter_gem(name)
    require name
  rescue LoadError
    raise if ENV['CI'] == 'true'

    skip "the #{name} gem is not installed (Debian: apt-get install ruby-#{name}; or run bin/setup)"
  end

  context 'on SQLite' do
    # timeout: SQLite's busy wait, as in the database.yml `rails new` writes.
    let(:database_config) { { adapter: 'sqlite3', database: File.join(scratch, 'app.sqlite3'), pool: 5, timeout: 5000 } }

    it_behaves_like 'an ActiveRecord token store'
  end

  context 'on MariaDB', :mysql do
    let(:database_config) do
      require_adapter_gem('mysql2')
      mysql_server.query('CREATE DATABASE IF NOT EXISTS zcrmsdk_active_record')
      { adapter: 'mysql2', host: mysql_server.host, port: mysql_server.port, username: mysql_server.username,
        password: mysql_server.password, database: 'zcrmsdk_active_record', pool: 5 }
    end

    it_behaves_like 'an ActiveRecord token store'
  end

  context 'on PostgreSQL', :postgresql do
    let(:database_config) do
      require_adapter_gem('pg')
      postgresql_server.active_record_config.merge(pool: 5)
    end

    it_behaves_like 'an ActiveRecord token store'
  end
end
