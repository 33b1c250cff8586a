# frozen_string_literal: true

require 'zcrmsdk/testing'
require_relative '../fixtures/counting_token_store'

# ZCRMSDK::Client: several Zoho connections side by side in one process, each with its own
# engine, configuration, token store and user.
RSpec.describe ZCRMSDK::Client do
  let(:scratch) { Dir.mktmpdir('zcrmsdk-clients') }
  let(:north) { ZCRMSDK::Testing::Emulator.start(client_id: 'north-id', client_secret: 'north-secret', user_email: 'ann@north.example') }
  let(:south) { ZCRMSDK::Testing::Emulator.start(client_id: 'south-id', client_secret: 'south-secret', user_email: 'bob@south.example') }

  after do
    [north, south].each(&:stop)
    FileUtils.rm_rf(scratch)
  end

  def client_for(emulator, **store)
    described_class.new(client_id: emulator.client_id, client_secret: emulator.client_secret, redirect_uri: 'https://www.zoho.com',
                        accounts_url: emulator.accounts_url, api_base_url: emulator.api_base_url, ca_file: emulator.ca_file,
                        current_user_email: emulator.user_email, **store)
  end

  let(:north_client) { client_for(north, token_store: :sqlite, sqlite_path: File.join(scratch, 'north.sqlite3')) }
  let(:south_client) { client_for(south, token_store: :memory) }

  before do
    north_client.generate_access_token(north.grant_token)
    south_client.generate_access_token(south.grant_token)
  end

  def create_lead(last_name)
    record = ZCRMSDK::Operations::ZCRMRecord.get_instance('Leads')
    record['Last_Name'] = last_name
    record.create
  end

  def lead_names
    ZCRMSDK::Operations::ZCRMModule.get_instance('Leads').get_records.data.map { |r| r['Last_Name'] }
  rescue ZCRMSDK::NoContentError
    []
  end

  it 'works from several threads at once without crossing tokens, users or data' do
    threads = 8.times.map do |i|
      Thread.new do
        [[north_client, 'north'], [south_client, 'south']].map do |client, name|
          client.use do
            create_lead("#{name}-#{i}")
            [name, client.get_current_user.data.first.email]
          end
        end
      end
    end
    seen = threads.flat_map(&:value)

    expect(seen.uniq).to contain_exactly(%w[north ann@north.example], %w[south bob@south.example])
    expect(north_client.use { lead_names }).to match_array(8.times.map { |i| "north-#{i}" })
    expect(south_client.use { lead_names }).to match_array(8.times.map { |i| "south-#{i}" })
    expect([north.stats['token_exchanges'], south.stats['token_exchanges']]).to eq([1, 1])
    expect(north_client.persistence.get_oauth_tokens('ann@north.example').user_identifier).to eq('ann@north.example')
    expect { south_client.persistence.get_oauth_tokens('ann@north.example') }.to raise_error(ZCRMSDK::TokensNotFoundError)
  end

  it 'runs COQL queries through the client that was asked, even when enumerated later' do
    north_client.use { create_lead('Nakamura') }
    south_client.use { create_lead('Sato') }
    later = north_client.query('select Last_Name from Leads where Last_Name = ?', 'Nakamura')

    expect(south_client.query('select Last_Name from Leads where Last_Name like ?', 'S%').map { |r| r['Last_Name'] })
      .to eq(['Sato'])
    expect(later.map { |r| r['Last_Name'] }).to eq(['Nakamura'])
  end

  it 'refreshes each client\'s tokens at its own Zoho, once per expiry' do
    north.expire_access_tokens
    threads = 6.times.map { Thread.new { [north_client, south_client].map { |c| c.get_current_user.data.first.email } } }
    expect(threads.flat_map(&:value).tally).to eq('ann@north.example' => 6, 'bob@south.example' => 6)
    expect([north.stats['refreshes'], south.stats['refreshes']]).to eq([1, 0])
  end

  it 'leaves the default client and the thread as they were after use' do
    ZCRMSDK::Testing.sign_in(south)
    north_client.use { expect(ZCRMSDK::RestClient::ZCRMRestClient.current_user_email).to eq('ann@north.example') }
    expect(ZCRMSDK::RestClient::ZCRMRestClient.get_instance.get_current_user.data.first.email).to eq('bob@south.example')
    expect(ZCRMSDK.client.current_user_email).to eq('bob@south.example')
  end

  it 'acts as another of its users with with_user, on this thread only' do
    north_client.generate_access_token(north.grant_token('cara@north.example'))
    other_thread = nil
    email = north_client.with_user('cara@north.example') do
      other_thread = Thread.new { north_client.get_current_user.data.first.email }.value
      north_client.use { ZCRMSDK::RestClient::ZCRMRestClient.get_instance.get_current_user.data.first.email }
    end
    expect([email, other_thread]).to eq(%w[cara@north.example ann@north.example])
  end

  it 'gives a client\'s own token operations through oauth' do
    tokens = north_client.oauth.get_access_token('ann@north.example')
    expect(tokens).to be_a(String)
    expect { south_client.oauth.get_access_token('ann@north.example') }.to raise_error(ZCRMSDK::TokensNotFoundError)
  end

  it 'refuses an unknown option, naming the valid ones' do
    expect { described_class.new(clientid: 'x') }.to raise_error(ArgumentError, /no configuration option 'clientid'; the options are: client_id/)
  end

  it 'reads no ZOHO_* environment variable' do
    ENV['ZOHO_CLIENT_ID'] = 'from-env'
    client = described_class.new(client_secret: 's', redirect_uri: 'https://x', token_store: :memory, client_id: 'given')
    expect(client.configuration['client_id']).to eq('given')
    expect { described_class.new(client_secret: 's', redirect_uri: 'https://x', token_store: :memory) }
      .to raise_error(ZCRMSDK::ConfigurationError, /client_id/)
  ensure
    ENV.delete('ZOHO_CLIENT_ID')
  end
end
