# frozen_string_literal: true

require 'net/http'
require 'uri'

# The redirect flow against the emulator's consent page, driven over HTTP as a browser would
# (spec/browser/connect_zoho_spec.rb does it in a real browser).
RSpec.describe ZCRMSDK::WebOAuth do
  include_context 'with the zoho emulator'

  let(:secret) { 'a' * 64 }
  let(:now) { [Time.at(1_700_000_000)] }
  let(:flow) { ZCRMSDK::WebOAuth::Flow.new(secret: secret, clock: -> { now.first }) }

  before { init_sdk('persistence' => 'memory') }

  # Zoho's consent page for `url` (checked to be one), answered with `decision`: the query
  # of the redirect back to the app.
  def consent(url, decision: 'accept')
    uri = URI(url)
    http = Net::HTTP.new(uri.host, uri.port)
    http.use_ssl = true
    http.ca_file = emulator.ca_file
    page = http.get(uri.request_uri)
    expect(page.body).to include('ZCRMSDK Emulator App', 'Accept', 'Reject')
    form = URI.decode_www_form(uri.query) << ['decision', decision]
    redirect = http.post(uri.path, URI.encode_www_form(form), 'Content-Type' => 'application/x-www-form-urlencoded')
    URI.decode_www_form(URI(redirect['location']).query).to_h
  end

  def connect_error(params, user_id: 42)
    flow.complete(params, user_id: user_id)
  rescue ZCRMSDK::WebOAuth::ConnectError => e
    e
  end

  describe '#authorization_url' do
    it "asks Zoho's consent page for a refresh token, consent, the scopes and a signed state" do
      url = URI(flow.authorization_url(user_id: 42))
      query = URI.decode_www_form(url.query).to_h
      expect("#{url.scheme}://#{url.host}:#{url.port}#{url.path}").to eq("#{emulator.accounts_url}/oauth/v2/auth")
      expect(query).to include('client_id' => emulator.client_id, 'response_type' => 'code',
                               'access_type' => 'offline', 'prompt' => 'consent',
                               'redirect_uri' => 'https://www.zoho.com',
                               'scope' => ZCRMSDK::WebOAuth::Flow::DEFAULT_SCOPES.join(','))
      expect(query['state']).to match(/\A[\w-]+\.[\w-]+\.\d+\.[\w-]+\z/)
    end
  end

  describe '#complete' do
    it 'exchanges the code, stores the tokens under the Zoho email and names the user connected' do
      connection = flow.complete(consent(flow.authorization_url(user_id: 42)), user_id: 42)
      expect(connection).to have_attributes(app_user_id: '42', zoho_email: emulator.user_email, location: 'us')
      expect(persistence.get_oauth_tokens(emulator.user_email).refresh_token).to start_with('1000.')
      user = ZCRMSDK::RestClient::ZCRMRestClient.with_user(connection.zoho_email) { client.get_current_user.data.first }
      expect(user.email).to eq(emulator.user_email)
    end

    it 'reports a rejected consent as :access_denied, exchanging nothing' do
      error = connect_error(consent(flow.authorization_url(user_id: 42), decision: 'reject'))
      expect(error).to have_attributes(reason: :access_denied, zoho_error: 'access_denied')
      expect(emulator.stats['token_exchanges']).to eq(0)
    end

    it 'refuses a state it did not sign, or one altered, as :invalid_state' do
      params = consent(flow.authorization_url(user_id: 42))
      foreign = ZCRMSDK::WebOAuth::Flow.new(secret: 'b' * 64).authorization_url(user_id: 42)
      forged = params.merge('state' => URI.decode_www_form(URI(foreign).query).to_h['state'])
      user, *rest = params['state'].split('.')
      altered = params.merge('state' => [Base64.urlsafe_encode64('43', padding: false), *rest].join('.'))
      refute = [forged, altered, params.merge('state' => nil), params.merge('state' => user)]
      expect(refute.map { |p| connect_error(p).reason }).to eq([:invalid_state] * 4)
      expect(connect_error(altered, user_id: 43).reason).to eq(:invalid_state)
      expect(emulator.stats['token_exchanges']).to eq(0)
    end

    it 'refuses a state older than state_ttl as :expired_state' do
      params = consent(flow.authorization_url(user_id: 42))
      now[0] += 601
      expect(connect_error(params).reason).to eq(:expired_state)
    end

    it "refuses a connection started by another of the app's users as :wrong_user" do
      params = consent(flow.authorization_url(user_id: 42))
      expect(connect_error(params, user_id: 7).reason).to eq(:wrong_user)
    end

    it 'sends the code to no accounts server but Zoho and the trusted ones' do
      params = consent(flow.authorization_url(user_id: 42)).merge('accounts-server' => 'https://accounts.zoho.evil.example')
      expect(connect_error(params).reason).to eq(:untrusted_accounts_server)
      expect(emulator.stats['token_exchanges']).to eq(0)
    end

    it 'refuses a redirect used a second time as :replayed_state, exchanging nothing more' do
      params = consent(flow.authorization_url(user_id: 42))
      flow.complete(params, user_id: 42)
      expect(connect_error(params).reason).to eq(:replayed_state)
      expect(emulator.stats['token_exchanges']).to eq(1)
    end

    it 'uses a state up once it passes the checks, even when the exchange then fails' do
      params = consent(flow.authorization_url(user_id: 42))
      expect(connect_error(params.merge('accounts-server' => 'https://accounts.zoho.evil.example')).reason)
        .to eq(:untrusted_accounts_server)
      expect(connect_error(params).reason).to eq(:replayed_state)
    end

    it 'remembers used states in a shared cache across flows (processes), until the state expires' do
      cache = Class.new do # ActiveSupport::Cache::Store's write(unless_exist:, expires_in:)
        attr_reader :ttls

        def initialize
          @keys = {}
          @ttls = []
        end

        def write(key, _value, unless_exist:, expires_in:)
          @ttls << expires_in
          return false if unless_exist && @keys.key?(key)

          @keys[key] = true
        end
      end.new
      flows = Array.new(2) do
        ZCRMSDK::WebOAuth::Flow.new(secret: secret, clock: -> { now.first },
                                    used_states: ZCRMSDK::WebOAuth::UsedStates::Cache.new(cache))
      end
      params = consent(flows[0].authorization_url(user_id: 42))
      flows[0].complete(params, user_id: 42)
      expect { flows[1].complete(params, user_id: 42) }
        .to raise_error(ZCRMSDK::WebOAuth::ConnectError) { |e| expect(e.reason).to eq(:replayed_state) }
      expect(cache.ttls).to eq([600, 600])
    end

    it 'reports a code Zoho refuses (used twice) as :exchange_failed' do
      params = consent(flow.authorization_url(user_id: 42))
      flow.complete(params, user_id: 42)
      # Another process, with a memory of its own, lets the state through; Zoho refuses the code.
      other_process = ZCRMSDK::WebOAuth::Flow.new(secret: secret, clock: -> { now.first })
      expect { other_process.complete(params, user_id: 42) }
        .to raise_error(ZCRMSDK::WebOAuth::ConnectError) { |e| expect(e.reason).to eq(:exchange_failed) }
    end

    it 'reports a redirect without code or error as :missing_code' do
      params = consent(flow.authorization_url(user_id: 42)).except('code')
      expect(connect_error(params).reason).to eq(:missing_code)
    end
  end

  it 'wants a secret of at least 32 bytes' do
    expect { ZCRMSDK::WebOAuth::Flow.new(secret: 'short') }
      .to raise_error(ZCRMSDK::ConfigurationError, /at least 32 bytes/) { |e| expect(e.key).to eq('secret') }
  end

  describe ZCRMSDK::WebOAuth::RackCallback do
    let(:outcomes) { [] }
    let(:endpoint) do
      described_class.new(flow, user_id: ->(env) { env['rack.session'][:user_id] },
                                on_success: ->(_env, connection) { outcomes << connection and [303, { 'Location' => '/' }, []] },
                                on_failure: ->(_env, error) { outcomes << error.reason and [303, { 'Location' => '/?failed' }, []] })
    end

    def call(params, user_id)
      endpoint.call('QUERY_STRING' => URI.encode_www_form(params), 'rack.session' => { user_id: user_id })
    end

    it "hands the connection, or the reason there is none, to the app's code" do
      params = consent(flow.authorization_url(user_id: 42))
      expect(call(params, 7)).to eq([303, { 'Location' => '/?failed' }, []])
      expect(call(params, 42)).to eq([303, { 'Location' => '/' }, []])
      expect(outcomes.first).to eq(:wrong_user)
      expect(outcomes.last.zoho_email).to eq(emulator.user_email)
    end
  end
end
