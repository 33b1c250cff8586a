# frozen_string_literal: true

require 'json'
require 'net/http'
require 'sqlite3'
require 'zcrmsdk/testing'

# examples/rails as a Rails developer runs it: Puma in cluster mode (2 workers x 5 threads,
# preload_app!) in production, tokens bootstrapped with `bin/rails zoho:connect`, and 200
# requests to GET /leads, 10 at a time, while Zoho revokes every access token twice. Each
# revocation must cost one token refresh, whichever of the 10 threads of the 2 workers meets
# it first, and no request may fail: once with the gem's default store for Rails
# (db/zcrmsdk_production.sqlite3) and once with the ActiveRecord store (the app's database).
RSpec.describe 'The example Rails app (examples/rails) under Puma in cluster mode' do
  requests = 200
  concurrency = 10
  revoke_after = [70, 140] # completed requests

  let(:leads) { 20 }
  let(:emulator) { ZCRMSDK::Testing::Emulator.start(seed_records: 0) }
  let(:zoho_env) do
    { 'ZOHO_CLIENT_ID' => emulator.client_id, 'ZOHO_CLIENT_SECRET' => emulator.client_secret,
      'ZOHO_REDIRECT_URI' => 'https://www.zoho.com', 'ZOHO_ACCOUNTS_URL' => emulator.accounts_url,
      'ZOHO_API_BASE_URL' => emulator.api_base_url, 'ZOHO_CA_FILE' => emulator.ca_file,
      'ZOHO_CURRENT_USER_EMAIL' => emulator.user_email, 'ZOHO_TOKEN_STORE' => token_store }
  end
  let(:app) { ZCRMSDKSpec::ExampleRailsApp.new(zoho_env) }

  before do
    emulator.seed('Leads', leads)
    app.rails!('db:migrate')
    app.rails!('zoho:connect', env: { 'GRANT_TOKEN' => emulator.grant_token })
    app.start_puma
  end

  after do |example|
    app.stop_puma
    warn "#{app.puma_output}\n#{app.log.lines.last(50).join}" if example.exception
    app.remove
    emulator.stop
  end

  # Fires `requests` GETs at /leads from `concurrency` threads, each on a new connection (as
  # separate clients would come), and revokes every access token once the completed count
  # reaches each of `revoke_after`. Returns the number completed and what failed, as
  # readable strings.
  def load_leads(requests:, concurrency:, revoke_after:)
    queue = Queue.new
    requests.times { |i| queue << i }
    queue.close
    completed = 0
    lock = Mutex.new
    failures = Array.new(concurrency) do
      Thread.new do
        failed = []
        while queue.pop
          failed << get_leads_failure
          done = lock.synchronize { completed += 1 }
          emulator.expire_access_tokens if revoke_after.include?(done)
        end
        failed.compact
      end
    end.flat_map(&:value)
    [completed, failures]
  end

  # nil when GET /leads answered 200 with the seeded Leads; else what went wrong.
  def get_leads_failure
    uri = URI("#{app.url}/leads")
    response = Net::HTTP.start(uri.host, uri.port, open_timeout: 10, read_timeout: 60) { |http| http.get(uri.path) }
    return "HTTP #{response.code}: #{response.body}" unless response.code == '200'

    count = JSON.parse(response.body).size
    "#{count} Leads instead of #{leads}" unless count == leads
  rescue StandardError => e
    "#{e.class}: #{e.message}"
  end

  def completed_lines
    app.log.lines.grep(/Completed \d+/)
  end

  def token_rows
    db = SQLite3::Database.new(app.path('db/production.sqlite3'), readonly: true)
    db.execute('SELECT user_identifier FROM zcrmsdk_oauth_tokens').flatten
  ensure
    db&.close
  end

  shared_examples 'serving every request with one refresh per revocation' do
    it 'answers all 200 requests, refreshing once per revocation across both workers' do
      completed, failures = load_leads(requests: requests, concurrency: concurrency, revoke_after: revoke_after)
      stats = emulator.stats
      app.stop_puma # the workers flush their logs as they stop

      expect(failures).to eq([])
      expect(completed).to eq(requests)
      expect(stats.slice('token_exchanges', 'refreshes', 'refresh_rejections'))
        .to eq('token_exchanges' => 1, 'refreshes' => revoke_after.size, 'refresh_rejections' => 0)
      # Several requests met each revoked token (the refresh was contended), and each of them
      # was sent again once, with the new token.
      expect(stats['invalid_token_responses']).to be > revoke_after.size
      expect(stats['crm_requests']).to eq(requests + stats['invalid_token_responses'])
      expect(completed_lines.size).to eq(requests)
      expect(completed_lines).to all(match(/Completed 200 OK in .*\| Zoho: \d+\.\dms/))
      expect(completed_lines.map { |line| line[/#(\d+)\]/, 1] }.uniq.size).to eq(ZCRMSDKSpec::ExampleRailsApp::WORKERS)
      expect(token_rows).to eq(tokens_in_app_database ? [emulator.user_email] : [])
      expect(File.exist?(app.path('db/zcrmsdk_production.sqlite3'))).to be(!tokens_in_app_database)
    end
  end

  context 'with the default token store (db/zcrmsdk_production.sqlite3)' do
    let(:token_store) { nil }
    let(:tokens_in_app_database) { false }

    include_examples 'serving every request with one refresh per revocation'
  end

  context 'with the ActiveRecord token store (the zcrmsdk_oauth_tokens table of the app\'s database)' do
    let(:token_store) { 'active_record' }
    let(:tokens_in_app_database) { true }

    include_examples 'serving every request with one refresh per revocation'
  end
end
