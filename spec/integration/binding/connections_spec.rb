# frozen_string_literal: true

require 'socket'

# Each Ruby thread drives its own calls and keeps its own kept-alive connections (README,
# "Threads and connections"). Nothing watches a thread's connections between its calls, so
# the gem must notice a connection the server closed meanwhile before reusing it.
RSpec.describe 'Connections kept per thread' do
  include_context 'with the zoho emulator'

  # Forwards bytes to the emulator and, like a load balancer, closes a client connection that
  # has been idle for `idle` seconds. Counts the connections clients open.
  class IdleClosingProxy
    def initialize(upstream_port, idle:)
      @opened = Queue.new
      @relay = ZCRMSDKSpec::TcpRelay.new do |client, opened|
        @opened << true
        opened << (upstream = TCPSocket.new('127.0.0.1', upstream_port))
        ZCRMSDKSpec::TcpRelay.pump(client, upstream, idle: idle) # idle: close both sides
      end
    end

    def port = @relay.port
    def connections = @opened.size
    def stop = @relay.stop
  end

  let(:idle) { 0.1 }
  let(:proxy) { IdleClosingProxy.new(URI(emulator.config({})['api_base_url']).port, idle: idle) }
  let(:leads) { ZCRMSDK::Operations::ZCRMModule.get_instance('Leads') }

  before do
    init_sdk('persistence' => 'memory', 'api_base_url' => "https://127.0.0.1:#{proxy.port}")
    generate_tokens
  end

  after { proxy.stop }

  def create_lead(name)
    record = ZCRMSDK::Operations::ZCRMRecord.get_instance('Leads')
    record.field_data['Last_Name'] = name
    record.create
  end

  it 'sends a write once, on a new connection, after the server closed the idle one' do
    create_lead('Before the pause')
    sleep 0.3 # the proxy closes the connection after 0.1 s of silence
    expect(create_lead('After the pause').status).to eq('success')
    names = leads.each_record(fields: %w[Last_Name]).map { |r| r.field_data['Last_Name'] }
    expect(names.sort).to eq(['After the pause', 'Before the pause'])
    expect(proxy.connections).to be >= 2
  end

  context 'with connections that stay open' do
    let(:idle) { 60 }

    it 'gives each thread a connection of its own and reuses it' do
      threads = Array.new(4) { |i| Thread.new { 3.times { |n| create_lead("Thread #{i}, lead #{n}") } } }
      threads.each(&:join)
      expect(proxy.connections).to eq(4)
      expect(leads.each_record(fields: %w[Last_Name]).count).to eq(12)
      expect(proxy.connections).to eq(5) # this thread's own, for the list
    end
  end
end
