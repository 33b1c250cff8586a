# frozen_string_literal: true

# What Zoho Accounts does at the edges, and how the gem keeps a customer from being locked
# out: Zoho issues at most 10 access tokens per refresh token per 10 minutes, so a refresh
# that cannot help must not be made. Counts and outcomes only; nothing here waits.
RSpec.describe 'OAuth at the edges' do
  include_context 'with the zoho emulator'

  def token_requests
    emulator.requests.count { |request| request['path'] == '/oauth/v2/token' }
  end

  def outcome
    yield
    :ok
  rescue ZCRMSDK::Error => e
    e
  end

  it 'raises OAUTH_SCOPE_MISMATCH as an AuthenticationError without refreshing: a new token has the same scopes' do
    init_sdk('persistence' => 'memory')
    oauth = ZCRMSDK::OAuthClient::ZohoOAuth.get_client_instance
    oauth.generate_access_token(emulator.grant_token(scope: 'ZohoCRM.modules.leads.READ,AaaServer.profile.Read'))

    expect { client.get_organization_details }.to raise_error(ZCRMSDK::AuthenticationError) { |error|
      expect(error.exception_code).to eq('OAUTH_SCOPE_MISMATCH')
    }
    expect(emulator.stats['refreshes']).to eq(0)
    expect(ZCRMSDK::Operations::ZCRMModule.get_instance('Leads').each_record.to_a).to eq([]) # in scope
  end

  it 'refreshes at most once when Zoho keeps rejecting the token (12 calls)' do
    init_sdk('persistence' => 'memory')
    generate_tokens
    emulator.inject_fault(path_prefix: '/crm/v2/', kind: 'status', status: 401, times: 100)

    outcomes = Array.new(12) { outcome { client.get_organization_details } }

    expect(outcomes).to all(be_a(ZCRMSDK::AuthenticationError))
    expect(outcomes.first.message).to include('freshly refreshed', 'api_base_url')
    expect(emulator.stats['refreshes']).to eq(1)
    expect(emulator.stats['refresh_rejections']).to eq(0)
  end

  it 'asks Zoho once after "Access Denied": 6 calls, 1 token request, RefreshLimitError with retry_after' do
    init_sdk(store_config('sqlite'))
    tokens = generate_tokens
    oauth = ZCRMSDK::OAuthClient::ZohoOAuth.get_client_instance
    10.times { oauth.refresh_access_token(tokens.refresh_token, user) } # Zoho's quota, used up
    expire_stored_tokens
    init_sdk(store_config('sqlite')) # a fresh process: nothing cached
    emulator.clear_requests

    outcomes = Array.new(6) { outcome { client.get_organization_details } }

    expect(token_requests).to eq(1)
    expect(emulator.stats['refresh_rejections']).to eq(1)
    expect(outcomes).to all(be_a(ZCRMSDK::RefreshLimitError))
    expect(outcomes).to all(be_a(ZCRMSDK::RateLimitError))
    expect(outcomes.map(&:retry_after)).to all(be_between(1, 600))
    expect(outcomes.first.message).to include('Access Denied')
  end

  it 'holds every process sharing the store back during the cool-down' do
    init_sdk(store_config('sqlite'))
    tokens = generate_tokens
    oauth = ZCRMSDK::OAuthClient::ZohoOAuth.get_client_instance
    10.times { oauth.refresh_access_token(tokens.refresh_token, user) }
    expire_stored_tokens
    init_sdk(store_config('sqlite'))
    expect(outcome { client.get_organization_details }).to be_a(ZCRMSDK::RefreshLimitError)
    emulator.clear_requests

    init_sdk(store_config('sqlite')) # another process: only the store knows
    expect(outcome { client.get_organization_details }).to be_a(ZCRMSDK::RefreshLimitError)
    expect(token_requests).to eq(0)
  end

  describe "Zoho's limits on generating tokens (10 of each kind in 10 minutes)" do
    it 'refuses an 11th grant token from the emulator with a RuntimeError that says how to raise the limit' do
      10.times { emulator.grant_token }

      expect { emulator.grant_token }.to raise_error(RuntimeError, /grant limit was reached.*grant_limit: N/m)
      expect(emulator.stats).to include('grants_issued' => 10, 'grant_rejections' => 1)
    end

    context 'with room for eleven grant tokens' do
      let(:emulator_options) { { grant_limit: 11 } } # the 11th exchange is the point

      it 'raises OAuthError "Access Denied" for an 11th grant exchange of one user, and the grant is used up' do
        init_sdk('persistence' => 'memory')
        10.times { generate_tokens }
        grant = emulator.grant_token
        oauth = ZCRMSDK::OAuthClient::ZohoOAuth.get_client_instance

        refused = outcome { oauth.generate_access_token(grant) }
        again = outcome { oauth.generate_access_token(grant) }

        expect(refused).to be_a(ZCRMSDK::OAuthError)
        expect(refused).not_to be_a(ZCRMSDK::RateLimitError)
        expect(refused.code).to eq('Access Denied')
        expect(refused.message).to include('refuses to mint more refresh tokens', 'may work or', 'new grant token',
                                           'too many requests')
        expect(again).to be_a(ZCRMSDK::OAuthError)
        expect(again.code).to eq('invalid_code')
        expect(emulator.stats).to include('token_exchanges' => 10, 'refresh_token_rejections' => 1)
      end
    end
  end

  it 'reports an outage of the token endpoint as a ServerError, not as refused credentials' do
    init_sdk(store_config('sqlite'))
    generate_tokens
    expire_stored_tokens
    init_sdk(store_config('sqlite').merge('max_retries' => '0'))
    emulator.inject_fault(path_prefix: '/oauth/v2/token', kind: 'status', status: 503, times: 10)

    error = outcome { client.get_organization_details }

    expect(error).to be_a(ZCRMSDK::ServerError)
    expect(error.status_code).to eq(503)
    expect(error).not_to be_a(ZCRMSDK::OAuthError)
  end

  # A worker process waiting for rounds: on each byte from `go` it makes `threads` calls at
  # once and answers with how many failed.
  def worker(threads)
    go, go_writer = IO.pipe
    done_reader, done = IO.pipe
    pid = fork do
      go_writer.close
      done_reader.close
      while go.read(1)
        failures = Array.new(threads) { Thread.new { outcome { client.get_organization_details } } }
                        .map(&:value).count { |result| result != :ok }
        done.write("#{failures}\n")
      end
      exit!(0)
    end
    go.close
    done.close
    { pid: pid, go: go_writer, done: done_reader }
  end

  def round(workers)
    workers.each { |w| w[:go].write('.') }
    workers.sum { |w| Integer(w[:done].gets) }
  end

  it 'fails no request when a fleet with a lock-less custom store meets two revocations' do
    handler = File.join(scratch, 'lockless_store.rb')
    File.write(handler, <<~RUBY)
      # frozen_string_literal: true

      require #{ZCRMSDKSpec::Stores::HANDLER.inspect}
      # The README's kind of store without the optional lock pair.
      class LocklessSpecTokenStore < SpecTokenStore
        undef_method :lock_oauth_tokens, :unlock_oauth_tokens

        private

        # Nothing serialises writers here, so each writes its own temporary file.
        def update
          all = read
          yield all
          temporary = "\#{path}.\#{Process.pid}.\#{Thread.current.object_id}.tmp"
          File.write(temporary, JSON.generate(all))
          File.rename(temporary, path)
        end
      end
    RUBY
    ENV['SPEC_TOKEN_STORE'] = File.join(scratch, 'custom-tokens.json')
    init_sdk('persistence_handler_class_path' => handler, 'persistence_handler_class' => 'LocklessSpecTokenStore')
    generate_tokens
    busy, idle = Array.new(2) { worker(5) }

    failures = round([busy, idle])
    emulator.expire_access_tokens
    failures += round([busy]) # the idle worker keeps its old token; the store gets a new one
    emulator.expire_access_tokens # ...which is revoked too before the idle worker wakes
    failures += round([busy, idle])

    [busy, idle].each { |w| w[:go].close }
    [busy, idle].each { |w| Process.wait(w[:pid]) }
    expect(failures).to eq(0)
    expect(emulator.stats['refreshes']).to be_between(2, 3) # one per revocation, per process at most
  end

  describe 'user info failing right after a grant exchange' do
    before { emulator.inject_fault(path_prefix: '/oauth/user/info', kind: 'status', status: 503, times: 10) }

    it 'is not needed when current_user_email is configured: the tokens are stored under it' do
      init_sdk(store_config('sqlite'))

      expect(generate_tokens.user_identifier).to eq(user)
      expect(persistence.get_oauth_tokens(user).refresh_token).not_to be_nil
    end

    it 'without current_user_email, revokes the new refresh token and says what to do' do
      init_sdk(store_config('sqlite').merge('current_user_email' => nil))

      error = outcome { generate_tokens }

      expect(error).to be_a(ZCRMSDK::OAuthError)
      expect(error.code).to eq('user_info_unavailable')
      expect(error.message).to include('HTTP 503', 'revoked', 'AaaServer.profile.Read', 'current_user_email')
      expect(emulator.stats['revocations']).to eq(1)
    end
  end

  it 'deletes local tokens on revoke when Zoho no longer knows the refresh token' do
    init_sdk('persistence' => 'memory')
    tokens = generate_tokens
    oauth = ZCRMSDK::OAuthClient::ZohoOAuth.get_client_instance
    oauth.revoke_refresh_token(user)
    persistence.save_oauth_tokens(tokens)

    expect(oauth.revoke_refresh_token(user)).to be(true)
    expect(outcome { persistence.get_oauth_tokens(user) }).to be_a(ZCRMSDK::TokensNotFoundError)
  end
end
