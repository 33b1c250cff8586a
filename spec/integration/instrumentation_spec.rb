# frozen_string_literal: true

require 'active_support'
require 'active_support/notifications'
require_relative '../fixtures/counting_token_store'

# ActiveSupport::Notifications events: one per HTTP exchange with its real start and finish,
# distinct names for CRM requests, token requests and token-store access, the attempt number
# of retries; and the log: an exception once, at the level chosen, nothing for what the gem
# handles itself.
RSpec.describe 'Instrumentation and logging' do
  include_context 'with the zoho emulator'

  let(:events) { [] }
  let(:log) { StringIO.new }
  let(:logger) { Logger.new(log).tap { |l| l.level = Logger::DEBUG } }

  around do |example|
    subscriptions = [/\.zcrmsdk\z/].map do |pattern|
      ActiveSupport::Notifications.subscribe(pattern) { |*args| events << ActiveSupport::Notifications::Event.new(*args) }
    end
    example.run
  ensure
    subscriptions.each { |s| ActiveSupport::Notifications.unsubscribe(s) }
  end

  def sign_in(overrides = {})
    init_sdk({ 'persistence' => 'memory', 'logger' => logger }.merge(overrides))
    generate_tokens
    events.clear
  end

  def current_user
    client.get_current_user
  end

  def named(name)
    events.select { |e| e.name == name }
  end

  def only(name)
    found = named(name)
    expect(found.size).to eq(1), "expected one #{name} event, got #{events.map(&:name)}"
    found.first
  end

  it 'times a CRM request from its start to its finish' do
    sign_in
    emulator.inject_fault(path_prefix: '/crm/v2/users', kind: :latency, latency_ms: 150)
    before = Time.now
    current_user
    event = only('request.zcrmsdk')

    expect(event.duration).to be >= 150
    expect(event.time.to_f).to be >= before.to_f
    expect(event.payload).to include(method: 'GET', status: 200, attempt: 0, operation: 'users.list')
    expect(event.payload[:url]).to end_with('/crm/v2/users')
  end

  it 'names token requests apart from CRM requests, and numbers the resend after a refresh' do
    sign_in
    emulator.expire_access_tokens
    current_user

    expect(events.map { |e| [e.name, e.payload[:status], e.payload[:attempt]] })
      .to eq([['request.zcrmsdk', 401, 0], ['token_refresh.zcrmsdk', 200, 0], ['request.zcrmsdk', 200, 1]])
    expect(only('token_refresh.zcrmsdk').payload).to include(grant_type: 'refresh_token', method: 'POST')
  end

  it 'numbers the retries of a request' do
    sign_in
    emulator.inject_fault(path_prefix: '/crm/v2/users', kind: :status, status: 503, times: 2)
    current_user
    expect(named('request.zcrmsdk').map { |e| [e.payload[:status], e.payload[:attempt]] }).to eq([[503, 0], [503, 1], [200, 2]])
  end

  it 'reports a grant exchange and the user lookup that follows it' do
    init_sdk('persistence' => 'memory')
    generate_tokens
    expect(events.map(&:name)).to eq(%w[token_refresh.zcrmsdk oauth.zcrmsdk])
    expect(events.first.payload).to include(grant_type: 'authorization_code', operation: 'generate_access_token')
  end

  it 'carries the request id an answer names' do
    sign_in
    emulator.inject_fault(path_prefix: '/crm/v2/users', kind: :respond, status: 400, headers: { 'X-Request-Id' => 'req-42' },
                          body: '{"code":"INVALID_DATA","details":{},"message":"invalid data","status":"error"}')
    expect { current_user }.to raise_error(ZCRMSDK::Utility::ZCRMException)
    expect(only('request.zcrmsdk').payload).to include(status: 400, request_id: 'req-42')
  end

  it 'times each call to a custom token store' do
    CountingTokenStore.reset!
    sign_in(ZCRMSDKSpec::Stores.counting.merge('persistence' => nil))
    emulator.expire_access_tokens
    current_user

    store_events = named('token_store.zcrmsdk')
    expect(store_events.map { |e| e.payload[:action] }).to include(:get, :lock, :save, :unlock)
    expect(store_events.map { |e| e.payload.slice(:store, :user) }.uniq).to eq([{ store: 'CountingTokenStore', user: user }])
  end

  describe 'the log' do
    it 'does not call the end of a listing an error' do
      sign_in
      records = []
      ZCRMSDK::Operations::ZCRMModule.get_instance('Leads').each_record { |r| records << r }
      expect(records).to be_empty
      expect(log.string).not_to match(/ERROR|No Content/)
    end

    it 'logs an exception raised to the caller once, at the level chosen' do
      sign_in('exception_log_level' => 'warn')
      expect { ZCRMSDK::Operations::ZCRMRecord.get_instance('Leads', '1234').get }.to raise_error(ZCRMSDK::Utility::ZCRMException)
      expect(log.string.lines.grep(/Exception Class::/).map { |l| l[/\A\w, \[[^\]]+\] +(\w+)/, 1] }).to eq(['WARN'])
    end

    it 'logs no exception line with exception_log_level none' do
      sign_in('exception_log_level' => 'none')
      expect { ZCRMSDK::Operations::ZCRMRecord.get_instance('Leads', '1234').get }.to raise_error(ZCRMSDK::Utility::ZCRMException)
      expect(log.string).not_to include('Exception Class::')
    end
  end
end
