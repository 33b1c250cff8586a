# frozen_string_literal: true

require 'json'
require 'logger'
require 'timeout'
require 'webrick'
require 'rack'
require 'rack/handler/webrick'

# ZCRMSDK::Notifications end to end: channels enabled, listed, updated, renewed and disabled
# through actions/watch, and the emulator POSTing real callbacks over loopback to a
# ZCRMSDK::Notifications::Receiver served by WEBrick when records change through the API.
RSpec.describe 'Notifications' do
  include_context 'with a signed-in CRM'

  let(:token) { 'deals-and-leads-7828' }
  let(:events) { Queue.new }
  let(:receiver) do
    ZCRMSDK::Notifications::Receiver.new(channels: { '1000000068001' => token, '1000000068002' => 'other-token' }) do |event|
      events << event
    end
  end
  let!(:server) do
    server = WEBrick::HTTPServer.new(BindAddress: '127.0.0.1', Port: 0, Logger: WEBrick::Log.new(File::NULL),
                                     AccessLog: [])
    server.mount('/zoho/notifications', Rack::Handler::WEBrick, receiver)
    Thread.new { server.start }
    server
  end
  let(:notify_url) { "http://127.0.0.1:#{server.config[:Port]}/zoho/notifications?team=sales" }
  let(:notifications) { ZCRMSDK::Notifications }

  after do
    server.shutdown
    receiver.shutdown(5)
  end

  # The next event the receiver handed over (a bound on the wait, so a lost one fails).
  def next_event
    Timeout.timeout(10) { events.pop }
  end

  def watch_requests
    requests_for(:post, '/actions/watch') + requests_for(:put, '/actions/watch')
  end

  it 'enables a channel and hands the receiver typed events when records are created, updated and deleted' do
    channels = notifications.enable(channel_id: 1_000_000_068_001, events: %w[Leads.all Deals.create],
                                    notify_url: notify_url, token: token)

    expect(channels.map(&:module_name)).to contain_exactly('Leads', 'Deals')
    expect(channels.map(&:channel_id).uniq).to eq(['1000000068001'])
    expect(channels.find { |c| c.module_name == 'Leads' }.events).to eq(['Leads.all'])
    expect(channels.first.expires_at).to be_within(120).of(Time.now + 3600)
    sent = request_for(:post, '/actions/watch').json['watch']
    expect(sent).to eq([{ 'channel_id' => '1000000068001', 'events' => %w[Leads.all Deals.create],
                          'notify_url' => notify_url, 'token' => token }])

    leads = create_records!('Leads', [{ 'Last_Name' => 'Flanders' }, { 'Last_Name' => 'Simpson' }])
    created = next_event
    expect([created.module_name, created.operation, created.ids]).to eq(['Leads', 'insert', leads.map(&:entity_id)])
    expect(created.channel_id).to eq('1000000068001')
    expect(created.query_params).to eq('team' => 'sales')

    lead = leads.first
    lead['Email'] = 'ned@example.com'
    lead.update
    updated = next_event
    expect([updated.operation, updated.ids]).to eq(['update', [lead.entity_id]])
    expect(updated.affected_fields[lead.entity_id]).to include('Email')

    deal = create_records!('Deals', [{ 'Deal_Name' => 'Big', 'Stage' => 'Qualification' }]).first
    expect([next_event.module_name, events.size]).to eq(['Deals', 0])
    deal['Amount'] = 10
    deal.update # Deals are watched for create only: nothing is sent
    leads.last.delete
    deleted = next_event
    expect([deleted.module_name, deleted.operation, deleted.ids]).to eq(['Leads', 'delete', [leads.last.entity_id]])
    expect(events).to be_empty
  end

  it 'does not hand over callbacks of a channel whose token the receiver does not know' do
    notifications.enable(channel_id: 1_000_000_068_002, events: %w[Leads.create], notify_url: notify_url,
                         token: 'not-the-configured-one')
    notifications.enable(channel_id: 1_000_000_068_001, events: %w[Leads.create], notify_url: notify_url, token: token)

    lead = create_records!('Leads', [{ 'Last_Name' => 'Gumble' }]).first

    # Both channels were notified; only the one with the right token reached the handler.
    expect(next_event.channel_id).to eq('1000000068001')
    expect(next_event_or_nil).to be_nil
    expect(lead.entity_id).to match(/\A\d+\z/)
  end

  def next_event_or_nil
    receiver.shutdown(5) # drains the queue: whatever was accepted is in `events` now
    events.empty? ? nil : events.pop
  end

  it 'lists channels per module, with their settings' do
    notifications.enable(channel_id: 7, events: %w[Deals.all Leads.edit], notify_url: notify_url, token: token)

    listed = notifications.channels
    expect(listed.map(&:module_name)).to contain_exactly('Deals', 'Leads')
    deals = listed.find { |c| c.module_name == 'Deals' }
    expect(deals.events).to eq(%w[Deals.create Deals.edit Deals.delete])
    expect([deals.notify_url, deals.token, deals.channel_id]).to eq([notify_url, token, '7'])
    expect(deals.inspect).not_to include(token)
    expect(notifications.channels(module_name: 'Leads').map(&:events)).to eq([%w[Leads.edit]])
    expect(notifications.channels(channel_id: 8)).to eq([])
  end

  it 'updates a channel (what is not sent is gone) and disables some of its events, then all of it' do
    notifications.enable(channel_id: 7, events: %w[Deals.all Leads.edit], notify_url: notify_url, token: token)

    updated = notifications.update(channel_id: 7, events: %w[Contacts.create Contacts.edit], notify_url: notify_url,
                                   token: token)
    expect(updated.map(&:module_name)).to eq(['Contacts'])
    expect(notifications.channels.map(&:events)).to eq([%w[Contacts.create Contacts.edit]])

    remaining = notifications.disable_events(7, %w[Contacts.edit])
    expect(remaining.map(&:events)).to eq([%w[Contacts.create]])
    expect(request_for(:patch, '/actions/watch').json)
      .to eq('watch' => [{ 'channel_id' => '7', 'events' => ['Contacts.edit'], '_delete_events' => true }])

    expect(notifications.disable(7)).to eq(['7'])
    expect(request_for(:delete, '/actions/watch').query).to eq('channel_ids' => '7')
    expect(notifications.channels).to eq([])
  end

  it 'renews the channels that expire within the margin, keeping their events, URL and token' do
    notifications.enable(channel_id: 1, events: %w[Leads.all Deals.edit], notify_url: notify_url, token: token,
                         expires_at: Time.now + 600)
    notifications.enable(channel_id: 2, events: %w[Contacts.all], notify_url: notify_url, token: token,
                         expires_at: Time.now + 20 * 3600)

    renewed = notifications.renew(within: 3600)

    expect(renewed.map(&:channel_id).uniq).to eq(['1'])
    put = request_for(:put, '/actions/watch').json['watch'].first
    expect(put.slice('channel_id', 'notify_url', 'token')).to eq('channel_id' => '1', 'notify_url' => notify_url,
                                                                  'token' => token)
    expect(put['events']).to contain_exactly('Leads.create', 'Leads.edit', 'Leads.delete', 'Deals.edit')
    expires = notifications.channels.to_h { |c| [c.channel_id, c.expires_at] }
    expect(expires['1']).to be_within(120).of(Time.now + ZCRMSDK::Notifications::RENEWED_LIFETIME)
    expect(expires['2']).to be_within(120).of(Time.now + 20 * 3600)
    expect(notifications.renew(within: 3600)).to eq([])
  end

  it 'stops notifying once a channel expires (the emulator clock moves, nothing sleeps)' do
    emulator.freeze_clock
    notifications.enable(channel_id: 1_000_000_068_001, events: %w[Leads.create], notify_url: notify_url, token: token)
    emulator.advance_clock(3600)

    create_records!('Leads', [{ 'Last_Name' => 'Too late' }])
    expect(notifications.channels).to eq([])
    expect(next_event_or_nil).to be_nil
  end

  it 'works through a client instance' do
    other = ZCRMSDK::Client.new(client_id: emulator.client_id, client_secret: emulator.client_secret,
                                redirect_uri: 'https://www.zoho.com', accounts_url: emulator.accounts_url,
                                api_base_url: emulator.api_base_url, ca_file: emulator.ca_file,
                                current_user_email: user, token_store: :memory)
    other.generate_access_token(emulator.grant_token)
    other.notifications.enable(channel_id: 5, events: %w[Leads.create], notify_url: notify_url, token: token)

    expect(other.notifications.channels.map(&:channel_id)).to eq(['5'])
    expect(other.notifications.disable(5)).to eq(['5'])
  end

  it 'says what is wrong before sending anything' do
    expect { notifications.enable(channel_id: 'seven', events: %w[Leads.all], notify_url: notify_url) }
      .to raise_error(ArgumentError, /channel_id must be a number/)
    expect { notifications.enable(channel_id: 7, events: %w[Leads.upsert], notify_url: notify_url) }
      .to raise_error(ArgumentError, /create, edit, delete, all/)
    expect { notifications.enable(channel_id: 7, events: [], notify_url: notify_url) }
      .to raise_error(ArgumentError, /non-empty Array/)
    expect { notifications.enable(channel_id: 7, events: %w[Leads.all], notify_url: notify_url, expires_at: Time.now + 90_000) }
      .to raise_error(ArgumentError, /more than a day ahead.*one hour/)
    expect { notifications.enable(channel_id: 7, events: %w[Leads.all], notify_url: notify_url, expires_at: Time.now - 1) }
      .to raise_error(ArgumentError, /in the past/)
    expect { notifications.enable(channel_id: 7, events: %w[Leads.all], notify_url: notify_url, token: 'x' * 51) }
      .to raise_error(ZCRMSDK::ValidationError, /token must be a String of at most 50 characters/)
    expect { notifications.enable(channel_id: 7, events: %w[Leads.all], notify_url: 'ftp://example.com') }
      .to raise_error(ZCRMSDK::ValidationError, /notify_url/)
    expect { notifications.disable }.to raise_error(ArgumentError, /at least one channel id/)
    expect(watch_requests).to be_empty
  end

  it "raises Zoho's refusal as an InvalidRequestError naming the problem" do
    expect { notifications.enable(channel_id: 7, events: %w[Notes.all], notify_url: notify_url) }
      .to raise_error(ZCRMSDK::InvalidRequestError) { |e| expect([e.exception_code, e.error_details]).to eq(['INVALID_DATA', { 'api_name' => 'events' }]) }
    expect { notifications.update(channel_id: 9, events: %w[Leads.all], notify_url: notify_url) }
      .to raise_error(ZCRMSDK::InvalidRequestError, /INVALID_DATA/)
  end
end
