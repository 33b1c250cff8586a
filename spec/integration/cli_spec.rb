# frozen_string_literal: true

require 'open3'
require 'net/http'

RSpec.describe 'The zcrm command' do
  let(:exe) { File.expand_path('../../exe/zcrm', __dir__) }
  let(:lib) { File.expand_path('../../lib', __dir__) }

  it 'runs the emulator until interrupted, announcing how to reach it' do
    Open3.popen3(RbConfig.ruby, '-I', lib, exe, 'emulator', '--port', '0', '--seed', '3') do |_in, out, _err, wait|
      info = JSON.parse(out.gets)
      expect(info).to include('client_id' => 'emulator-client-id', 'user_email' => 'demo@example.com')
      expect(info['grant_token']).to start_with('1000.')

      uri = URI("#{info['base_url']}/_emulator/health")
      health = Net::HTTP.start(uri.host, uri.port, use_ssl: true, ca_file: info['ca_file']) { |http| http.get(uri.path) }
      expect(JSON.parse(health.body)).to eq('status' => 'ok')

      Process.kill('TERM', wait.pid)
      expect(wait.value).to be_success
    end
  end

  it 'passes the emulator its limits and token lifetime' do
    args = ['emulator', '--http', '--port', '0', '--token-ttl', '120', '--grant-limit', '1']
    Open3.popen3(RbConfig.ruby, '-I', lib, exe, *args) do |_in, out, _err, wait|
      info = JSON.parse(out.gets) # announcing it used the one grant allowed
      uri = URI("#{info['base_url']}/_emulator/grants")
      refused = Net::HTTP.post(uri, '{}', 'Content-Type' => 'application/json')
      expect(refused.code).to eq('429')
      expect(refused.body).to include('access_denied')

      Process.kill('TERM', wait.pid)
      expect(wait.value).to be_success
    end
  end

  it 'lists the emulator flags with --help' do
    out, status = Open3.capture2(RbConfig.ruby, '-I', lib, exe, 'emulator', '--help')
    expect(status).to be_success
    expect(out).to include('--token-ttl SECS', '--grant-limit N', '--refresh-token-limit N', '--http')
  end

  it 'explains its usage when the command is wrong' do
    _out, err, status = Open3.capture3(RbConfig.ruby, '-I', lib, exe, 'frobnicate')
    expect(status.exitstatus).to eq(2)
    expect(err).to include("unknown command 'frobnicate'", 'usage: zcrm emulator')
  end

  it 'prints its version' do
    out, status = Open3.capture2(RbConfig.ruby, '-I', lib, exe, 'version')
    expect(status).to be_success
    expect(out).to eq("ZCRMSDK #{ZCRMSDK::VERSION}\n")
  end
end
