# frozen_string_literal: true

require 'socket'

# Behind a company's egress proxy, HTTPS_PROXY (or ALL_PROXY) names it, and NO_PROXY lists the
# hosts to reach directly, as curl reads them (README, "Proxies"). An HTTPS request goes
# through the proxy in a CONNECT tunnel: the proxy sees the host and port, never the request
# or the token.
RSpec.describe 'Calls through an HTTP proxy' do
  include_context 'with the zoho emulator'

  # An HTTP proxy that opens CONNECT tunnels to wherever it is asked, and remembers what each
  # client asked it.
  class ConnectProxy
    attr_reader :port, :requests

    def initialize
      @server = TCPServer.new('127.0.0.1', 0)
      @port = @server.addr[1]
      @requests = Queue.new
      @acceptor = Thread.new { loop { tunnel(@server.accept) } }
    end

    def stop
      @acceptor.kill
      @server.close
    end

    private

    def tunnel(client)
      Thread.new do
        request_line = client.gets("\r\n")
        nil until client.gets("\r\n") == "\r\n"
        @requests << request_line.chomp
        host, port = request_line.split[1].split(':')
        upstream = TCPSocket.new(host, Integer(port))
        client.write("HTTP/1.1 200 Connection established\r\n\r\n")
        pump(client, upstream)
      ensure
        [client, upstream].compact.each(&:close)
      end
    end

    def pump(client, upstream)
      peer = { client => upstream, upstream => client }
      loop do
        IO.select(peer.keys).first.each do |io|
          data = io.read_nonblock(65_536, exception: false)
          return if data.nil?

          peer[io].write(data) unless data == :wait_readable
        end
      end
    end
  end

  let(:proxy) { ConnectProxy.new }
  let(:emulator_port) { URI(emulator.config({})['api_base_url']).port }
  let(:saved) { ENV.to_h.slice('HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy', 'ALL_PROXY', 'all_proxy') }

  before do
    saved
    %w[https_proxy no_proxy ALL_PROXY all_proxy].each { |name| ENV.delete(name) }
    ENV['HTTPS_PROXY'] = "http://127.0.0.1:#{proxy.port}"
  end

  after do
    %w[HTTPS_PROXY https_proxy NO_PROXY no_proxy ALL_PROXY all_proxy].each { |name| ENV.delete(name) }
    ENV.update(saved)
    proxy.stop
  end

  # A write and a read, each a request of its own.
  def lead_written_and_read_back
    record = ZCRMSDK::Operations::ZCRMRecord.get_instance('Leads')
    record.field_data['Last_Name'] = 'Behind the proxy'
    id = record.create.data.entity_id
    ZCRMSDK::Operations::ZCRMModule.get_instance('Leads').get_record(id).data.field_data['Last_Name']
  end

  it 'tunnels every HTTPS request, token requests included, through the proxy HTTPS_PROXY names' do
    init_sdk('persistence' => 'memory')
    generate_tokens
    expect(lead_written_and_read_back).to eq('Behind the proxy')
    expect(Array.new(proxy.requests.size) { proxy.requests.pop }.uniq)
      .to eq(["CONNECT 127.0.0.1:#{emulator_port} HTTP/1.1"])
  end

  it 'reaches a host that NO_PROXY lists directly' do
    ENV['NO_PROXY'] = '127.0.0.1'
    init_sdk('persistence' => 'memory')
    generate_tokens
    expect(lead_written_and_read_back).to eq('Behind the proxy')
    expect(proxy.requests.size).to eq(0)
  end
end
