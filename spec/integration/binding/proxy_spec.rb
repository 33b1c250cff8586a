# frozen_string_literal: true

# Behind a company's egress proxy, HTTPS_PROXY (or ALL_PROXY) names it, and NO_PROXY lists the
# hosts to reach directly, as curl reads them (README, "Proxies"). An HTTPS request goes
# through the proxy in a CONNECT tunnel: the proxy sees the host and port, never the request
# or the token.
RSpec.describe 'Calls through an HTTP proxy' do
  include_context 'with the zoho emulator'

  # An HTTP proxy that opens CONNECT tunnels to wherever it is asked, and remembers what each
  # client asked it.
  class ConnectProxy
    attr_reader :requests

    def initialize
      @requests = Queue.new
      @relay = ZCRMSDKSpec::TcpRelay.new do |client, opened|
        request_line = client.gets("\r\n")
        nil until client.gets("\r\n") == "\r\n"
        @requests << request_line.chomp
        host, port = request_line.split[1].split(':')
        opened << (upstream = TCPSocket.new(host, Integer(port)))
        client.write("HTTP/1.1 200 Connection established\r\n\r\n")
        ZCRMSDKSpec::TcpRelay.pump(client, upstream)
      end
    end

    def port = @relay.port
    def stop = @relay.stop
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
