# frozen_string_literal: true

# Zoho is reached over TLS with the system's roots; a private CA (a corporate proxy, the
# emulator) is added with `ca_file` or SSL_CERT_FILE.
RSpec.describe 'TLS trust' do
  include_context 'with the zoho emulator'

  let(:config) { emulator.config('persistence' => 'memory').except('ca_file') }

  around do |example|
    saved = ENV.fetch('SSL_CERT_FILE', nil)
    example.run
  ensure
    saved ? ENV['SSL_CERT_FILE'] = saved : ENV.delete('SSL_CERT_FILE')
  end

  it 'refuses a server whose certificate it cannot verify, and says how to trust it' do
    ENV.delete('SSL_CERT_FILE')
    ZCRMSDK::RestClient::ZCRMRestClient.init(config)
    expect { generate_tokens }.to raise_error(ZCRMSDK::NetworkError, /certificate.*'ca_file' or in SSL_CERT_FILE/)
    expect(emulator.stats['token_exchanges']).to eq(0)
  end

  it 'trusts the certificates named by SSL_CERT_FILE' do
    ENV['SSL_CERT_FILE'] = emulator.ca_file
    ZCRMSDK::RestClient::ZCRMRestClient.init(config)
    expect(generate_tokens.user_identifier).to eq(user)
  end

  it 'talks plain HTTP to a loopback server' do
    plain = ZCRMSDK::Testing::Emulator.start(tls: false)
    ZCRMSDK::RestClient::ZCRMRestClient.init(plain.config('persistence' => 'memory'))
    expect(plain.base_url).to start_with('http://127.0.0.1:')
    expect(ZCRMSDK::OAuthClient::ZohoOAuth.get_client_instance.generate_access_token(plain.grant_token).user_identifier)
      .to eq(plain.user_email)
  ensure
    plain&.stop
  end
end
