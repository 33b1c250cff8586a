# frozen_string_literal: true

require 'active_support'
require 'active_support/notifications'

# The metadata cache (README "Metadata cache"): modules, fields, layouts and related lists
# cached per client, served from memory for metadata_cache_ttl seconds, then asked again (the
# modules list with If-Modified-Since, answered 304 when nothing changed).
#
# The emulator has no clock the client's cache follows (the TTL runs on this process's
# monotonic clock), so the examples about expiry use a one-second TTL and wait it out.
RSpec.describe 'Metadata cache' do
  include_context 'with a signed-in CRM'

  let(:leads) { module_named('Leads') }
  let(:events) { [] }
  let!(:subscriptions) do
    %w[request.zcrmsdk metadata_cache.zcrmsdk].map do |name|
      ActiveSupport::Notifications.subscribe(name) { |*args| events << ActiveSupport::Notifications::Event.new(*args) }
    end
  end

  after { subscriptions.each { |s| ActiveSupport::Notifications.unsubscribe(s) } }

  # Signs in again with a TTL (a new engine: a new, empty cache).
  def sign_in_with_ttl(ttl)
    init_sdk('persistence' => 'memory', 'metadata_cache_ttl' => ttl)
    generate_tokens
    emulator.clear_requests
    events.clear
  end

  def fields_requests
    requests_for(:get, '/settings/fields')
  end

  def received_headers(path)
    emulator.requests.select { |r| r['path'] == "/crm/v2#{path}" }.map { |r| r['headers'] }
  end

  def outcomes
    events.select { |e| e.name == 'metadata_cache.zcrmsdk' }.map { |e| e.payload[:outcome] }
  end

  def request_events
    events.select { |e| e.name == 'request.zcrmsdk' }
  end

  def company_label(response)
    response.data.find { |f| f.api_name == 'Company' }.field_label
  end

  it 'get_all_fields three times makes one request, and each call gets its own objects' do
    first = leads.get_all_fields
    first.data.first.field_label = 'changed by the caller'
    first.response_json['fields'].clear
    second = leads.get_all_fields
    third = leads.get_all_fields

    expect(fields_requests.size).to eq(1)
    expect(fields_requests.first.query).to eq('module' => 'Leads')
    expect([second, third]).to all(be_a(ZCRMSDK::Response::BulkAPIResponse))
    expect(second.status_code).to eq(200)
    expect(second.data.map(&:api_name)).to eq(third.data.map(&:api_name))
    expect(second.data.size).to be > 5
    expect(second.data.first.field_label).not_to eq('changed by the caller')
    expect(second.data.first).not_to equal(third.data.first)
    expect(second.response_json['fields'].size).to eq(second.data.size)
  end

  it 'answers hits without a request event, and reports hit and miss as metadata_cache.zcrmsdk' do
    3.times { leads.get_all_fields }

    expect(request_events.size).to eq(1)
    expect(outcomes).to eq(%w[miss hit hit])
    expect(events.last.payload[:operation]).to eq('fields.list')
  end

  it 'caches modules, layouts and related lists per module and per id' do
    2.times do
      client.get_all_modules
      client.get_module('Leads')
      leads.get_all_layouts
      leads.get_all_relatedlists
      module_named('Contacts').get_all_fields
      leads.get_all_fields
    end

    %w[/settings/modules /settings/modules/Leads /settings/layouts /settings/related_lists].each do |path|
      expect(requests_for(:get, path).size).to eq(1), path
    end
    expect(fields_requests.map(&:query)).to contain_exactly({ 'module' => 'Contacts' }, { 'module' => 'Leads' })
  end

  it 'after the TTL, revalidates the modules list with If-Modified-Since: a 304 keeps the cached answer' do
    sign_in_with_ttl(60)
    first = client.get_all_modules
    ZCRMSDK::Testing.advance_metadata_cache_clock(61)
    again = client.get_all_modules
    client.get_all_modules # within the restarted TTL: a hit

    headers = received_headers('/settings/modules')
    expect(headers.size).to eq(2)
    expect(headers.first).not_to have_key('if-modified-since')
    expect(headers.last['if-modified-since']).to match(/\A\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00\z/)
    expect(request_events.map { |e| e.payload[:status] }).to eq([200, 304])
    expect(outcomes).to eq(%w[miss revalidated hit])
    expect(again.status_code).to eq(200)
    expect(again.data.map(&:api_name)).to eq(first.data.map(&:api_name))
  end

  it 'after the TTL, fetches fields anew (Zoho documents no If-Modified-Since for them) and sees a changed field' do
    sign_in_with_ttl(60)
    expect(company_label(leads.get_all_fields)).to eq('Company')
    emulator.relabel_field('Leads', 'Company', 'Organisation')
    expect(company_label(leads.get_all_fields)).to eq('Company') # cached
    ZCRMSDK::Testing.advance_metadata_cache_clock(61)

    expect(company_label(leads.get_all_fields)).to eq('Organisation')
    expect(received_headers('/settings/fields')).to all(satisfy { |h| !h.key?('if-modified-since') })
    expect(fields_requests.size).to eq(2)
    expect(outcomes).to eq(%w[miss hit refreshed])
  end

  it 'clear_metadata_cache makes the next read ask Zoho' do
    leads.get_all_fields
    emulator.relabel_field('Leads', 'Company', 'Organisation')
    expect(ZCRMSDK.clear_metadata_cache).to be_nil

    expect(company_label(leads.get_all_fields)).to eq('Organisation')
    expect(fields_requests.size).to eq(2)
  end

  it 'concurrent misses for one key make one request' do
    threads = 8.times.map { Thread.new { leads.get_all_fields.data.size } }

    expect(threads.map(&:value).uniq.size).to eq(1)
    expect(fields_requests.size).to eq(1)
  end

  it 'with metadata_cache_ttl 0, every call makes a request (as in 1.0.x)' do
    sign_in_with_ttl(0)
    3.times { leads.get_all_fields }
    2.times { client.get_all_modules }

    expect(fields_requests.size).to eq(3)
    expect(requests_for(:get, '/settings/modules').size).to eq(2)
    expect(outcomes).to be_empty
    expect(ZCRMSDK::Internal.engine.settings['metadata_cache_ttl']).to eq(0.0)
  end

  it 'is not shared between clients, and a client clears only its own' do
    clients = 2.times.map do
      ZCRMSDK::Client.new(**emulator.config.transform_keys(&:to_sym), token_store: :memory).tap do |c|
        c.generate_access_token(emulator.grant_token)
      end
    end
    emulator.clear_requests
    clients.each { |c| 2.times { c.get_all_modules } }
    expect(requests_for(:get, '/settings/modules').size).to eq(2)

    clients.first.clear_metadata_cache
    clients.each(&:get_all_modules)
    expect(requests_for(:get, '/settings/modules').size).to eq(3)
  end

  it 'is not used for a modules list the caller made conditional (its answer depends on the header)' do
    2.times { ZCRMSDK::Internal.call('modules.list', 'modified_since' => '2019-07-25T15:26:49+05:30') }

    expect(requests_for(:get, '/settings/modules').size).to eq(2)
  end

  describe 'metadata_cache_ttl' do
    it 'is read from ZOHO_METADATA_CACHE_TTL by ZCRMSDK.configure' do
      expect(ZCRMSDK::Configuration::Env.settings('ZOHO_METADATA_CACHE_TTL' => '60')).to eq('metadata_cache_ttl' => '60')
    end

    it 'takes seconds in ZCRMSDK.configure and refuses anything else at assignment' do
      options = ZCRMSDK::Configuration::Options.new(metadata_cache_ttl: 30)
      expect(options.settings).to eq('metadata_cache_ttl' => 30)
      expect { options.metadata_cache_ttl = '30' }.to raise_error(ZCRMSDK::ConfigurationError, /metadata_cache_ttl/)
    end

    it 'refuses a negative TTL at init, naming the key' do
      expect { init_sdk('metadata_cache_ttl' => -1) }
        .to raise_error(ZCRMSDK::ConfigurationError) { |e| expect(e.key).to eq('metadata_cache_ttl') }
    end

    it 'defaults to 300 seconds' do
      expect(ZCRMSDK::Internal.engine.settings['metadata_cache_ttl']).to eq(300.0)
    end
  end
end
