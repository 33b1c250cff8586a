# frozen_string_literal: true

require 'stringio'

RSpec.describe 'Logging and errors' do
  include_context 'with the zoho emulator'

  let(:log) { StringIO.new }
  let(:logger) { Logger.new(log).tap { |l| l.level = Logger::DEBUG } }

  describe 'the log' do
    it 'has one debug line per request and never a token, grant or secret' do
      init_sdk('persistence' => 'memory', 'logger' => logger)
      grant = emulator.grant_token
      tokens = ZCRMSDK::OAuthClient::ZohoOAuth.get_client_instance.generate_access_token(grant)
      client.get_current_user
      emulator.expire_access_tokens
      client.get_organization_details # 401, refresh, retry
      expect { ZCRMSDK::OAuthClient::ZohoOAuth.get_client_instance.generate_access_token(grant) }.to raise_error(ZCRMSDK::OAuthError)
      refreshed = persistence.get_oauth_tokens(user)

      lines = log.string.lines
      expect(lines.grep(/DEBUG.*ZCRMSDK (GET|POST) /).size).to eq(7)
      expect(lines.grep(%r{GET https://127\.0\.0\.1:\d+/crm/v2/org -> 401})).not_to be_empty
      expect(lines.grep(/ERROR.*invalid_code/)).not_to be_empty
      [grant, tokens.access_token, tokens.refresh_token, refreshed.access_token, emulator.client_secret].each do |secret|
        expect(log.string).not_to include(secret)
      end
    end

    it 'goes to application_log_file_path when given' do
      path = File.join(scratch, 'zcrm.log')
      init_sdk('persistence' => 'memory', 'application_log_file_path' => path)
      generate_tokens
      expect { ZCRMSDK::OAuthClient::ZohoOAuth.get_client_instance.generate_access_token('1000.bad') }.to raise_error(ZCRMSDK::OAuthError)
      expect(File.read(path)).to include('invalid_code')
    end
  end

  describe 'exceptions' do
    before do
      init_sdk('persistence' => 'memory')
      generate_tokens
    end

    it 'keep the 1.0.x readers and have a real message' do
      error = begin
        client.get_organization_instance.get_user('999')
      rescue ZCRMSDK::Utility::ZCRMException => e
        e
      end
      expect(error).to be_a(ZCRMSDK::NoContentError)
      expect(error.status_code).to eq(204)
      expect(error.exception_code).to eq('No Content')
      expect(error.message).to include('No Content', '204')
      expect(error.url).to end_with('/crm/v2/users/999')
    end

    it 'say when Zoho rate-limits, with Retry-After' do
      emulator.inject_fault(path_prefix: '/crm/v2/org', kind: 'status', status: 429, retry_after: 120, times: 5)
      expect { client.get_organization_details }.to raise_error(ZCRMSDK::RateLimitError) { |e| expect(e.retry_after).to eq(120.0) }
    end

    it 'retry a 429 whose Retry-After is short, transparently' do
      emulator.inject_fault(path_prefix: '/crm/v2/org', kind: 'status', status: 429, retry_after: 0, times: 1)
      expect(client.get_organization_details.data.company_name).not_to be_empty
    end

    it 'report a body that is not JSON as a ProtocolError' do
      emulator.inject_fault(path_prefix: '/crm/v2/org', kind: 'malformed', times: 1)
      expect { client.get_organization_details }.to raise_error(ZCRMSDK::ProtocolError)
    end

    it 'report a dropped connection as a NetworkError after retrying idempotent calls' do
      emulator.inject_fault(path_prefix: '/crm/v2/org', kind: 'drop', times: 10)
      expect { client.get_organization_details }.to raise_error(ZCRMSDK::NetworkError)
    end

    it 'are all rescuable as ZCRMSDK::Error' do
      expect { ZCRMSDK::OAuthClient::ZohoOAuth.get_persistence_instance.get_oauth_tokens('nobody@example.com') }
        .to raise_error(ZCRMSDK::Error)
    end

    it 'keep a custom handler\'s own exception as the cause' do
      broken = File.join(scratch, 'broken.rb')
      File.write(broken, <<~RUBY)
        class BrokenStore
          def save_oauth_tokens(_tokens) = raise(IOError, 'disk full')
          def get_oauth_tokens(_user) = nil
        end
      RUBY
      init_sdk('persistence_handler_class_path' => broken, 'persistence_handler_class' => 'BrokenStore')
      expect { generate_tokens }.to raise_error(ZCRMSDK::PersistenceError, /BrokenStore#save_oauth_tokens raised IOError: disk full/) { |e|
        expect(e.cause).to be_a(IOError)
      }
    end
  end

  describe 'tokens' do
    it 'never show in inspect' do
      init_sdk('persistence' => 'memory')
      tokens = generate_tokens
      expect(tokens.inspect).not_to include(tokens.access_token)
      expect(tokens.inspect).not_to include(tokens.refresh_token)
      expect(ZCRMSDK::OAuthClient::ZohoOAuth.get_client_instance.inspect).not_to include(emulator.client_secret)
    end

    it 'can be revoked' do
      init_sdk('persistence' => 'memory')
      generate_tokens
      expect(ZCRMSDK::OAuthClient::ZohoOAuth.get_client_instance.revoke_refresh_token(user)).to be(true)
      expect(emulator.stats['revocations']).to eq(1)
      expect { client.get_current_user }.to raise_error(ZCRMSDK::TokensNotFoundError)
    end

    it 'are not requested without a grant or refresh token' do
      init_sdk('persistence' => 'memory')
      oauth = ZCRMSDK::OAuthClient::ZohoOAuth.get_client_instance
      expect { oauth.generate_access_token(nil) }.to raise_error(ZCRMSDK::OAuthError, /Grant token not provided/)
      expect { oauth.refresh_access_token('  ', user) }.to raise_error(ZCRMSDK::OAuthError, /Refresh token not provided/)
      expect(emulator.requests).to be_empty
    end

    it 'refresh explicitly with generate_access_token_from_refresh_token' do
      init_sdk('persistence' => 'memory')
      tokens = generate_tokens
      refreshed = ZCRMSDK::OAuthClient::ZohoOAuth.get_client_instance.generate_access_token_from_refresh_token(tokens.refresh_token, user)
      expect(refreshed.access_token).not_to eq(tokens.access_token)
      expect(refreshed.refresh_token).to eq(tokens.refresh_token)
      expect(ZCRMSDK::OAuthClient::ZohoOAuth.get_client_instance.get_access_token(user)).to eq(refreshed.access_token)
    end
  end
end
