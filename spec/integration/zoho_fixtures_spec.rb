# frozen_string_literal: true

require 'json'

# Real Zoho answers (spec/fixtures/zoho, sources in its README) replayed by the emulator's
# `respond` fault to the real client, over loopback: what a user of the gem sees for each.
# Every fixture file must have an entry below, so a fixture added without one fails.
RSpec.describe 'Zoho answers recorded in spec/fixtures/zoho' do
  include_context 'with the zoho emulator'
  include ZCRMSDKSpec::CrmHelpers

  root = File.expand_path('../fixtures/zoho', __dir__)
  answers = {}

  # One fixture: served `times` times with `status` and `headers` to requests under `at`,
  # after signing in when `signed_in`; the block then makes the calls and checks the outcome.
  define_singleton_method(:answer) do |name, status:, at:, summary:, headers: {}, times: 1, signed_in: true, &check|
    answers[name] = status
    it "#{name} (HTTP #{status}): #{summary}" do
      init_sdk(config_overrides)
      generate_tokens if signed_in
      emulator.clear_requests
      @fixture = name
      @serve = lambda do |count|
        emulator.inject_fault(path_prefix: at, kind: :respond, status: status, headers: headers,
                              body: File.read(File.join(root, name)), times: count)
      end
      @serve.call(times)
      instance_exec(&check)
    end
  end

  let(:config_overrides) { { 'persistence' => 'memory' } }
  let(:oauth) { ZCRMSDK::OAuthClient::ZohoOAuth.get_client_instance }
  let(:leads) { module_named('Leads') }

  def fixture_json
    JSON.parse(File.read(File.expand_path("../fixtures/zoho/#{@fixture}", __dir__)))
  end

  # The same answer once more, for a second call the example makes after the first.
  def serve_again
    @serve.call(1)
  end

  def now_ms
    ZCRMSDK::OAuthClient::ZohoOAuthTokens.get_current_time_in_millis
  end

  def requests_to(path)
    emulator.requests.count { |request| request['path'] == path }
  end

  # The lifetime the client computed, in milliseconds, for tokens granted during the block.
  def lifetime_ms
    before = now_ms
    tokens = yield
    [tokens, tokens.expiry_time - before]
  end

  describe 'Zoho Accounts: the token endpoint (errors come as HTTP 200)' do
    answer 'oauth/token_success_seconds.json', status: 200, at: '/oauth/v2/token', signed_in: false,
                                               summary: 'tokens stored; expires_in is seconds: one hour' do
      tokens, lifetime = lifetime_ms { generate_tokens }

      expect(tokens).to have_attributes(access_token: fixture_json['access_token'],
                                        refresh_token: fixture_json['refresh_token'], user_identifier: user)
      expect(lifetime).to be_within(60_000).of(3_600_000)
      expect(persistence.get_oauth_tokens(user).access_token).to eq(fixture_json['access_token'])
    end

    answer 'oauth/token_success_legacy_milliseconds.json',
           status: 200, at: '/oauth/v2/token', signed_in: false,
           summary: 'with expires_in_sec, expires_in is milliseconds: one hour, not 1000' do
      tokens, lifetime = lifetime_ms { generate_tokens }

      expect(tokens.access_token).to eq(fixture_json['access_token'])
      expect(lifetime).to be_within(60_000).of(3_600_000)
    end

    answer 'oauth/token_refresh_success.json', status: 200, at: '/oauth/v2/token',
                                               summary: 'a refresh without refresh_token keeps the one the user has' do
      refresh_token = persistence.get_oauth_tokens(user).refresh_token
      tokens, lifetime = lifetime_ms { oauth.refresh_access_token(refresh_token, user) }

      expect(tokens).to have_attributes(access_token: fixture_json['access_token'], refresh_token: refresh_token)
      expect(lifetime).to be_within(60_000).of(3_600_000)
      expect(persistence.get_oauth_tokens(user).refresh_token).to eq(refresh_token)
    end

    answer 'oauth/token_error_invalid_code.json', status: 200, at: '/oauth/v2/token', signed_in: false,
                                                  summary: 'a spent grant, then a rejected refresh token: OAuthError saying which' do
      error = error_from { generate_tokens }

      expect(error).to be_a(ZCRMSDK::OAuthError)
      expect(error).to have_attributes(code: 'invalid_code', error: 'invalid_code')
      expect(error.message).to include('grant token is invalid, expired or already used')
      expect(error_from { persistence.get_oauth_tokens(user) }).to be_a(ZCRMSDK::TokensNotFoundError)

      tokens = generate_tokens
      serve_again
      error = error_from { oauth.refresh_access_token(tokens.refresh_token, user) }

      expect(error).to have_attributes(class: ZCRMSDK::OAuthError, code: 'invalid_code')
      expect(error.message).to include('refresh token was rejected')
      expect(persistence.get_oauth_tokens(user).access_token).to eq(tokens.access_token)
    end

    {
      'invalid_client' => 'accounts_url',
      'invalid_client_secret' => 'client_secret',
      'invalid_redirect_uri' => 'redirect_uri'
    }.each do |code, advice|
      answer "oauth/token_error_#{code}.json", status: 200, at: '/oauth/v2/token', signed_in: false,
                                               summary: "OAuthError #{code} with advice; nothing stored" do
        error = error_from { generate_tokens }

        expect(error).to be_a(ZCRMSDK::OAuthError)
        expect(error).to have_attributes(code: code, error: code)
        expect(error.message).to include(code, advice)
        expect(error_from { persistence.get_oauth_tokens(user) }).to be_a(ZCRMSDK::TokensNotFoundError)
      end
    end

    answer 'oauth/token_error_access_denied.json', status: 200, at: '/oauth/v2/token', times: 5,
                                                   summary: 'a refused refresh: RefreshLimitError, Zoho asked once' do
      refresh_token = persistence.get_oauth_tokens(user).refresh_token
      errors = Array.new(2) { error_from { oauth.refresh_access_token(refresh_token, user) } }

      expect(errors).to all(be_a(ZCRMSDK::RefreshLimitError))
      expect(errors.first).to have_attributes(status_code: nil, exception_code: 'Access Denied')
      expect(errors.first.retry_after).to be_between(1, 600)
      expect(errors.first.message).to include('too many requests')
      expect(requests_to('/oauth/v2/token')).to eq(1)
    end
  end

  describe 'Zoho Accounts: /oauth/user/info' do
    let(:config_overrides) { { 'persistence' => 'memory', 'current_user_email' => nil } }

    answer 'user_info/user_info.json', status: 200, at: '/oauth/user/info', signed_in: false,
                                       summary: 'the tokens are filed under its Email' do
      tokens = generate_tokens

      expect(tokens.user_identifier).to eq('jane.doe@example.com')
      expect(persistence.get_oauth_tokens('jane.doe@example.com').refresh_token).to eq(tokens.refresh_token)
    end

    answer 'user_info/user_info_missing_scope.json', status: 200, at: '/oauth/user/info', signed_in: false,
                                                     headers: { 'Content-Disposition' => 'attachment;filename*="error.json"' },
                                                     summary: 'OAuthError naming the missing scope; the grant is revoked' do
      error = error_from { generate_tokens }

      expect(error).to be_a(ZCRMSDK::OAuthError)
      expect(error.code).to eq('user_info_unavailable')
      expect(error.message).to include('status_code 405', 'AaaServer.profile.Read', 'current_user_email')
      expect(emulator.stats['revocations']).to eq(1)
    end
  end

  describe 'CRM: lists and partial successes' do
    answer 'crm/no_content_empty_list.json', status: 204, at: '/crm/v2/Leads', times: 2,
                                             headers: { 'Content-Type' => 'application/json;charset=utf-8' },
                                             summary: 'get_records raises "No Content" as 1.0.x; each_record is empty' do
      error = error_from { leads.get_records }

      expect(error).to be_a(ZCRMSDK::NoContentError)
      expect(error).to have_attributes(status_code: 204, exception_code: 'No Content', error_message: 'No Content')
      expect(leads.each_record.to_a).to eq([])
      expect(requests_to('/crm/v2/Leads')).to eq(2)
    end

    answer 'crm/insert_multi_status.json', status: 207, at: '/crm/v2/Leads',
                                           summary: 'create_records: one created, two per-record errors, no raise' do
      records = [new_lead('Ramirez'), new_record('Leads', 'Company' => 'Acme'), new_lead('Twin', Email: 'twin@x.example')]
      response = leads.create_records(records)

      expect(response.status_code).to eq(207)
      expect(response.bulk_entity_response.map(&:status)).to eq(%w[success error error])
      expect(response.bulk_entity_response.map(&:code)).to eq(%w[SUCCESS MANDATORY_NOT_FOUND DUPLICATE_DATA])
      expect(response.bulk_entity_response[1].details).to include('api_name' => 'Last_Name')
      expect(response.bulk_entity_response[2].details).to include('api_name' => 'Email', 'id' => '4150868000000225555')
      expect(response.data).to eq([records.first])
      expect(records.map(&:entity_id)).to eq(['4150868000000623001', nil, nil])
      expect(records.first.created_by.id).to eq('4150868000000225013')
    end

    answer 'crm/update_multi_status.json', status: 207, at: '/crm/v2/Leads',
                                           summary: 'update_records: one updated, one invalid id' do
      records = [new_record('Leads', { 'City' => 'Pune' }, '4150868000000623001'),
                 new_record('Leads', { 'City' => 'Pune' }, '4150868000000999999')]
      response = leads.update_records(records)

      expect(response.status_code).to eq(207)
      expect(response.bulk_entity_response.map { |r| [r.status, r.code, r.message] })
        .to eq([%w[success SUCCESS record\ updated], ['error', 'INVALID_DATA', 'the id given seems to be invalid']])
      expect(response.data).to eq([records.first])
      expect(records.first.modified_by.id).to eq('4150868000000225013')
    end

    answer 'crm/delete_multi_status.json', status: 207, at: '/crm/v2/Leads',
                                           summary: 'delete_records: one deleted, one not, each naming its record' do
      response = leads.delete_records(%w[4150868000000623001 23132423])

      expect(response.status_code).to eq(207)
      expect(response.bulk_entity_response.map { |r| [r.status, r.message, r.data.entity_id] })
        .to eq([['success', 'record deleted', '4150868000000623001'], ['error', 'record not deleted', '23132423']])
    end
  end

  describe 'CRM: 401 answers' do
    answer 'crm/invalid_token.json', status: 401, at: '/crm/v2/org',
                                     summary: 'refreshed once and retried: the call succeeds' do
      response = client.get_organization_details

      expect(response.status_code).to eq(200)
      expect(response.data).to be_a(ZCRMSDK::Org::ZCRMOrganization)
      expect(emulator.stats['refreshes']).to eq(1)
      expect(requests_to('/crm/v2/org')).to eq(2)
    end

    {
      'authentication_failure' => ['AUTHENTICATION_FAILURE', 'Authentication failed'],
      'oauth_scope_mismatch' => ['OAUTH_SCOPE_MISMATCH', 'invalid oauth scope to access this URL']
    }.each do |name, (code, text)|
      answer "crm/#{name}.json", status: 401, at: '/crm/v2/org', times: 3,
                                 summary: 'AuthenticationError at once: a new token would not help' do
        error = error_from { client.get_organization_details }

        expect(error).to be_a(ZCRMSDK::AuthenticationError)
        expect(error).to have_attributes(status_code: 401, exception_code: code, error_message: text)
        expect(error.message).to include(code, text)
        expect(emulator.stats['refreshes']).to eq(0)
        expect(requests_to('/crm/v2/org')).to eq(1)
      end
    end
  end

  describe 'CRM: rate limiting and invalid requests' do
    answer 'crm/too_many_requests.json', status: 429, at: '/crm/v2/org', headers: { 'Retry-After' => '60' }, times: 3,
                                         summary: 'RateLimitError with retry_after; a wait beyond max_retry_wait is not made' do
      error = error_from { client.get_organization_details }

      expect(error).to be_a(ZCRMSDK::RateLimitError)
      expect(error).to have_attributes(status_code: 429, exception_code: 'TOO_MANY_REQUESTS', retry_after: 60)
      expect(error.error_details).to include('retry_after' => 60, 'limit' => 100)
      expect(requests_to('/crm/v2/org')).to eq(1)
    end

    answer 'crm/invalid_data.json', status: 400, at: '/crm/v2/Leads/4150868000000623001',
                                    summary: 'ZCRMRecord#update raises InvalidRequestError with the field' do
      error = error_from { new_record('Leads', { 'Email' => 'not-an-email' }, '4150868000000623001').update }

      expect(error).to be_a(ZCRMSDK::InvalidRequestError)
      expect(error).to have_attributes(status_code: 400, exception_code: 'INVALID_DATA', error_message: 'invalid data',
                                       error_details: { 'api_name' => 'Email', 'expected_data_type' => 'email' })
    end

    answer 'crm/invalid_module.json', status: 400, at: '/crm/v2/Lead',
                                      summary: 'InvalidRequestError INVALID_MODULE' do
      error = error_from { module_named('Lead').get_records }

      expect(error).to be_a(ZCRMSDK::InvalidRequestError)
      expect(error).to have_attributes(status_code: 400, exception_code: 'INVALID_MODULE',
                                       error_message: 'the module name given seems to be invalid')
      expect(error.message).to include('INVALID_MODULE', '(HTTP 400)')
    end

    answer 'crm/mandatory_not_found.json', status: 400, at: '/crm/v2/Leads',
                                           summary: 'every record failing: InvalidRequestError naming the field' do
      record = new_record('Leads', 'Company' => 'Acme')
      error = error_from { leads.create_records([record]) }

      expect(error).to be_a(ZCRMSDK::InvalidRequestError)
      expect(error).to have_attributes(status_code: 400, exception_code: 'MANDATORY_NOT_FOUND',
                                       error_message: 'required field not found',
                                       error_details: { 'api_name' => 'Last_Name' })
      expect(record.entity_id).to be_nil
    end
  end

  it 'has an entry above for every fixture file, and a file for every entry' do
    files = Dir.glob('**/*.json', base: root)

    expect(files - answers.keys).to eq([]), "fixtures without an entry in this spec: #{files - answers.keys}"
    expect(answers.keys - files).to eq([]), "entries without a fixture file: #{answers.keys - files}"
  end

  it 'lists every fixture in the README with its HTTP status' do
    readme = File.read(File.join(root, 'README.md'))
    listed = answers.reject { |name, status| readme.match?(/^\| `#{Regexp.escape(name)}` \| #{status} \|/) }

    expect(listed.keys).to eq([])
  end
end
