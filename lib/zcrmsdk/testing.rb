# frozen_string_literal: true

require 'json'
require 'time'
require 'tmpdir'
require 'fileutils'

require_relative '../ZCRMSDK'

begin
  ZCRMSDK::Native.require_library('zcrmsdk_testing_native')
rescue LoadError => e
  raise LoadError, "ZCRMSDK's emulator (the zcrmsdk_testing_native extension) is not built (#{e.message}). " \
                   'It is left out when the gem is installed with ZCRMSDK_SKIP_TESTING=1: reinstall without it. ' \
                   'In a checkout run `rake compile` (or bin/setup).'
end

module ZCRMSDK
  # A local Zoho (Accounts + CRM v2) for your own specs. WebMock and VCR cannot see this gem's
  # HTTP (it is made in Rust), so point the gem at a real, local, stateful server instead.
  # Its control calls (seed, reset, inject_fault, requests...) are answered inside the
  # process, without HTTP, so WebMock's disable_net_connect! does not stop them either.
  # With RSpec, `require 'zcrmsdk/rspec'` does the plumbing below for you.
  #
  #   require 'zcrmsdk/testing'
  #   emulator = ZCRMSDK::Testing::Emulator.start
  #   ZCRMSDK::Testing.sign_in(emulator)   # init + tokens for emulator.user_email, memory store
  #   ZCRMSDK::RestClient::ZCRMRestClient.get_instance.get_current_user
  #   emulator.stop
  module Testing
    # The emulator runs on background threads of this process, over HTTPS with a throwaway
    # certificate (or plain HTTP with `tls: false`), on a free port of 127.0.0.1.
    class Emulator
      include Secrets::Inspect

      DEFAULTS = { client_id: 'emulator-client-id', client_secret: 'emulator-client-secret',
                   user_email: 'demo@example.com' }.freeze

      attr_reader :base_url, :client_id, :client_secret, :user_email

      # Starts an emulator; see {#initialize} for the options.
      # @param options [Hash{Symbol => Object}]
      # @return [ZCRMSDK::Testing::Emulator]
      # @raise [ArgumentError] an option the emulator refuses
      def self.start(**options)
        new(**options)
      end

      RUNNING = {}.compare_by_identity
      RUNNING_LOCK = Mutex.new
      private_constant :RUNNING, :RUNNING_LOCK

      # Emulators still running when the program exits are stopped (and waited for) then.
      at_exit { RUNNING_LOCK.synchronize { RUNNING.keys }.each(&:stop) }

      # Options: tls (true), port (0: any free port), client_id, client_secret, client_name (what
      # the consent page at /oauth/v2/auth shows), user_email,
      # access_token_ttl (seconds, 3600), seed_records (0: records created at start in each of
      # Leads, Contacts, Accounts and Deals), redirect_uri (the registered one,
      # 'https://www.zoho.com': the consent page and its codes check it), max_attachment_bytes
      # (Zoho's 100 MB: lower it to test the limit), page_limit (2000: how many records of a
      # module's list `page=` reaches, as Zoho; 0 lifts the cap for tests that walk big modules
      # with API v2), concurrency_limit (0: none; Zoho's is 5 to 25 by
      # edition: CRM requests in flight at once, past which one more is answered 429
      # TOO_MANY_REQUESTS; `stats` counts 'max_concurrent_crm_requests' and
      # 'concurrency_rejections'), and Zoho's token generation limits, each
      # counted over 10 minutes; raise one for a test that goes past it on purpose:
      #
      # * refresh_limit (10): access tokens per refresh token; then refreshes answer
      #   "Access Denied"
      # * grant_limit (10): grant tokens (`grant_token`, the consent page); then `grant_token`
      #   raises RuntimeError
      # * refresh_token_limit (10): grant exchanges (new refresh tokens) per user; then
      #   generate_access_token raises OAuthError "Access Denied"
      #
      # @param options [Hash{Symbol => Object}] the options above
      # @raise [ArgumentError] an option the emulator refuses
      def initialize(**options)
        settings = DEFAULTS.merge(options)
        @client_id = settings[:client_id]
        @client_secret = settings[:client_secret]
        @user_email = settings[:user_email]
        @native = Native::Emulator.start(settings.transform_keys(&:to_s))
        @base_url = @native.base_url
        RUNNING_LOCK.synchronize { RUNNING[self] = true }
      end

      alias accounts_url base_url
      alias api_base_url base_url

      # The emulator's certificate as a PEM file, for `ca_file` (nil over plain HTTP).
      # @return [String, nil] the file's path
      def ca_file
        return nil unless (pem = @native.ca_pem)

        @ca_file ||= begin
          path = File.join(Dir.mktmpdir('zcrmsdk-emulator'), 'ca.pem')
          File.write(path, pem)
          path
        end
      end

      # A configuration Hash for `ZCRMRestClient.init`; `overrides` (String or Symbol keys) win.
      # @param overrides [Hash{String, Symbol => Object}]
      # @return [Hash{String => Object}]
      def config(overrides = {})
        { 'client_id' => client_id, 'client_secret' => client_secret, 'redirect_uri' => 'https://www.zoho.com',
          'accounts_url' => accounts_url, 'api_base_url' => api_base_url, 'ca_file' => ca_file,
          'current_user_email' => user_email }.compact.merge(overrides.transform_keys(&:to_s))
      end

      # A fresh one-use grant token, as the Zoho API console would give.
      # With `scope:` (Zoho's comma-separated list, e.g. 'ZohoCRM.modules.leads.READ'), the
      # tokens get only those scopes: other calls answer 401 OAUTH_SCOPE_MISMATCH, and without
      # 'AaaServer.profile.Read' user info answers as Zoho does (no email).
      # Raises RuntimeError past grant_limit (10 in 10 minutes, as Zoho allows per client ID).
      # @param email [String, nil] the user the grant is for (default: user_email)
      # @param scope [String, nil] Zoho's scopes, comma-separated
      # @return [String]
      # @raise [RuntimeError] past grant_limit
      def grant_token(email = nil, scope: nil)
        @native.issue_grant(email, scope)
      end

      # Counters: token_exchanges, refreshes, refresh_rejections, revocations, crm_requests,
      # max_concurrent_crm_requests, concurrency_rejections...
      # @return [Hash{String => Integer}]
      def stats
        JSON.parse(@native.stats_json)
      end

      # Every access token issued so far is refused from now on (401 INVALID_TOKEN).
      # @return [void]
      def expire_access_tokens
        @native.expire_access_tokens
      end

      # The next `times` requests whose path starts with `path_prefix` meet a fault instead of
      # the emulator's own behaviour. `kind` and what it takes:
      #
      # * :latency (latency_ms:) - answered normally, that much later
      # * :status (status: 400-599, retry_after: seconds) - Zoho's error envelope for the status
      # * :drop - the connection is closed without an answer
      # * :malformed - HTTP 200 with a truncated, non-JSON body
      # * :respond (status:, body: String, headers: Hash) - exactly this answer, whatever the
      #   status (200 token errors, 204, 207...). A non-empty body is labelled
      #   `application/json;charset=UTF-8`, as Zoho labels its JSON, unless `headers` names a
      #   Content-Type. Replays a real Zoho answer, such as those in spec/fixtures/zoho:
      #
      #     emulator.inject_fault(path_prefix: '/crm/v2/Leads', kind: :respond, status: 207,
      #                           body: File.read('spec/fixtures/zoho/crm/insert_multi_status.json'))
      #
      # @param path_prefix [String] e.g. '/crm/v2/Leads' or '/oauth/v2/token'
      # @param kind [Symbol, String] :latency, :status, :drop, :malformed or :respond
      # @param times [Integer] how many requests meet it
      # @param details [Hash{Symbol => Object}] what the kind takes (latency_ms:, status:, body:...)
      # @return [Object] the emulator's answer
      # @raise [ArgumentError] with the emulator's reason, for a fault it cannot inject
      def inject_fault(path_prefix:, kind:, times: 1, **details)
        admin(:post, 'faults', { path_prefix: path_prefix, kind: kind.to_s, times: times }.merge(details))
      end

      # Removes the faults not yet met.
      # @return [void]
      def clear_faults
        admin(:delete, 'faults')
      end

      # The requests the emulator received (secrets redacted), oldest first.
      # @return [Array<Hash{String => Object}>]
      def requests
        admin(:get, 'requests')
      end

      # Empties the request log.
      # @return [void]
      def clear_requests
        admin(:delete, 'requests')
      end

      # Adds `count` realistic records to `module_api_name` (Leads, Contacts, Accounts or
      # Deals); returns their ids.
      # @param module_api_name [String] Leads, Contacts, Accounts or Deals
      # @param count [Integer] 1 to 100000
      # @return [Array<String>] the new records' ids
      # @raise [ArgumentError] another module or count
      def seed(module_api_name, count = 10)
        admin(:post, 'seed', { module: module_api_name.to_s, count: Integer(count) })['ids'][module_api_name.to_s]
      rescue ArgumentError => e
        raise ArgumentError, "#{e.message} (seed(#{module_api_name.inspect}, #{count.inspect}): the emulator seeds " \
                             'Leads, Contacts, Accounts or Deals, 1 to 100000 records at a time)'
      end

      # Changes a field's label in the org's setup, as an administrator would: the fields and
      # layouts metadata show `label` from then on (until `reset`). For specs of code that
      # caches metadata.
      # @param module_api_name [String] e.g. Leads
      # @param api_name [String] the field's API name
      # @param label [String] the new label
      # @return [nil]
      # @raise [ArgumentError] the emulator refused it: an unknown module or field, an empty label
      def relabel_field(module_api_name, api_name, label)
        admin(:post, 'field_labels', { module: module_api_name.to_s, api_name: api_name.to_s, field_label: label.to_s })
        nil
      end

      # Bulk Read jobs created from now on complete `delay` seconds of the emulator's clock after
      # they were created (freeze_clock and advance_clock move it without sleeping), and their
      # results hold `per_page` records a page (Zoho's 200,000; lower it to see more_records with
      # a few records); with `fail: true` they end FAILED. What is left out goes back to its
      # default (an unverified 2 s; 200,000; not failing); reset does too.
      # @param delay [Integer] seconds from creation to COMPLETED, 0 or more
      # @param per_page [Integer] records a result page, 1 to 200000
      # @param fail [Boolean] jobs end FAILED instead of COMPLETED (for specs of your error handling)
      # @return [nil]
      # @raise [ArgumentError] a value out of range
      def bulk_read_settings(delay: nil, per_page: nil, fail: false)
        admin(:post, 'bulk_read', { delay: delay && Integer(delay), per_page: per_page && Integer(per_page),
                                    fail: fail ? true : nil }.compact)
        nil
      end

      # The emulator's clock, for specs about Zoho's times (Modified_Time, deleted_time,
      # If-Modified-Since) that must not sleep. freeze_clock stops it at the current second,
      # advance_clock(seconds) moves it forward (frozen or running), unfreeze_clock lets it run
      # again from where it stands. Each returns the emulated now (a Time); reset puts the wall
      # clock back.
      # @return [Time] the emulated now
      def freeze_clock
        clock(freeze: true)
      end

      # Moves the emulator's clock forward (see #freeze_clock).
      # @param seconds [Integer] how far; never backwards
      # @return [Time] the emulated now
      def advance_clock(seconds)
        clock(advance: Integer(seconds))
      end

      # How long the emulator's Bulk Write jobs stay IN PROGRESS, in emulated seconds (0 at
      # start and after reset): a spec sets it, then moves the clock with #advance_clock.
      # @param seconds [Integer] 0 or more
      # @return [void]
      def bulk_write_delay=(seconds)
        admin(:post, 'bulk_write', { delay_secs: Integer(seconds) })
      end

      # Lets the emulator's clock run again from where it stands (see #freeze_clock).
      # @return [Time] the emulated now
      def unfreeze_clock
        clock(freeze: false)
      end

      # Forgets tokens, counters, faults, the request log and any clock setting, and puts the
      # CRM data back as it was at start (`seed_records:` included); `records: false` keeps the
      # CRM data. Tokens the gem holds stop working: sign in again (ZCRMSDK::Testing.sign_in).
      # @param records [Boolean] whether to put the CRM data back too
      # @return [nil]
      def reset(records: true)
        admin(:post, 'reset', { records: records })
        nil
      end

      # Stops the emulator and removes its certificate file. (Still running ones stop at exit.)
      # @return [void]
      def stop
        RUNNING_LOCK.synchronize { RUNNING.delete(self) }
        @native.stop
        FileUtils.rm_rf(File.dirname(@ca_file)) if @ca_file
      end

      private

      def inspect_fields
        { base_url: base_url, user_email: user_email, client_id: client_id, client_secret: client_secret }
      end

      def clock(change)
        Time.iso8601(admin(:post, 'clock', change)['now'])
      end

      # A control call, answered in process by the native emulator (no socket: WebMock and VCR
      # never see it). Raises ArgumentError with the emulator's reason when it refuses one.
      def admin(verb, path, body = nil)
        status, text = @native.admin(verb.to_s.upcase, path, body && JSON.generate(body))
        answer = text.empty? ? nil : JSON.parse(text)
        raise ArgumentError, "#{path}: #{answer['error']}" if status >= 400 && answer.is_a?(Hash)

        answer
      end
    end

    # Lets this process reach real Zoho although it is a test environment (see RealZohoGuard).
    # @return [void]
    def self.allow_real_zoho!
      RealZohoGuard.allow!
    end

    # Undoes allow_real_zoho! (ENV ZCRMSDK_ALLOW_REAL_ZOHO=1 still allows it).
    # @return [void]
    def self.refuse_real_zoho!
      RealZohoGuard.refuse!
    end

    # Ages the metadata the default client cached (modules, fields, layouts, related lists)
    # by `seconds`, as if that much time had passed: specs about `metadata_cache_ttl` need no
    # `sleep`. (The TTL runs on this process's clock, not the emulator's.)
    # @param seconds [Numeric] how far; not negative
    # @return [nil]
    # @raise [ArgumentError] a negative or non-finite number
    # @raise [ZCRMSDK::ZCRMException] the gem is not configured yet
    def self.advance_metadata_cache_clock(seconds)
      Internal.engine!.native.advance_metadata_cache_clock(Float(seconds))
      nil
    end

    # Configures the gem against `emulator` and generates tokens for its user, so API calls
    # work at once. The memory store is used unless `overrides` name another.
    # @param emulator [ZCRMSDK::Testing::Emulator]
    # @param overrides [Hash{String, Symbol => Object}] configuration keys that win over emulator.config
    # @return [ZCRMSDK::OAuthClient::ZohoOAuthTokens] the emulator user's tokens
    # @raise [ZCRMSDK::ConfigurationError] a wrong override
    # @raise [ZCRMSDK::OAuthError] the emulator refused the grant (past its limits)
    def self.sign_in(emulator, overrides = {})
      defaults = { 'persistence' => 'memory' }
      defaults = {} if overrides.keys.map(&:to_s).any? { |k| k.start_with?('persistence', 'token_persistence', 'db_', 'sqlite') }
      RestClient::ZCRMRestClient.init(emulator.config(defaults.merge(overrides)))
      OAuthClient::ZohoOAuth.get_client_instance.generate_access_token(emulator.grant_token)
    end
  end
end
