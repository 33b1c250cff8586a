# frozen_string_literal: true

require 'uri'

module ZCRMSDK
  module WebOAuth
    # The two ends of the redirect flow, for the gem as configured (`ZCRMRestClient.init`):
    # its client_id, redirect_uri and accounts_url.
    #
    #   flow = ZCRMSDK::WebOAuth::Flow.new(secret: Rails.application.secret_key_base)
    #   redirect_to flow.authorization_url(user_id: current_user.id)       # "Connect Zoho"
    #   connection = flow.complete(params, user_id: current_user.id)     # the redirect URI
    class Flow
      # Records, settings, users and the org, plus the user's email (the tokens' key).
      DEFAULT_SCOPES = %w[ZohoCRM.modules.ALL ZohoCRM.settings.ALL ZohoCRM.users.READ ZohoCRM.org.READ
                          AaaServer.profile.Read].freeze

      attr_reader :scopes

      # secret: at least 32 bytes, kept secret (signs `state`); scopes: Zoho's scope names;
      # state_ttl: seconds the user has on Zoho's page; redirect_uri: the configured one
      # unless given (it must be the one registered in Zoho's API console); used_states:
      # where states that completed a connection are remembered, so that none completes two
      # (UsedStates::Memory: this process only; UsedStates::Cache.new(Rails.cache) for every
      # process sharing that cache, what the Rails Controller uses).
      # @param secret [String] at least 32 bytes
      # @param scopes [Array<String>, String]
      # @param state_ttl [Integer] seconds
      # @param redirect_uri [String, nil]
      # @param used_states [#claim] see UsedStates
      # @param clock [#call] returns the current Time (for tests)
      # @raise [ZCRMSDK::ConfigurationError] a secret shorter than 32 bytes
      def initialize(secret:, scopes: DEFAULT_SCOPES, state_ttl: 600, redirect_uri: nil,
                     used_states: UsedStates::Memory.new, clock: -> { Time.now })
        @state = State.new(secret: secret, ttl: state_ttl, clock: clock)
        @used_states = used_states
        @scopes = Array(scopes).map(&:to_s)
        @redirect_uri = redirect_uri
      end

      # Zoho's consent page for your user `user_id`. Asks for a refresh token
      # (`access_type=offline`) and for consent every time (`prompt=consent`: Zoho gives a
      # refresh token only with consent, so a user reconnecting gets one too).
      #
      # @param user_id [String, Integer] your app's id of the signed-in user
      # @return [String] the URL to redirect the user to
      # @raise [ZCRMSDK::ZohoOAuthException] the gem is not configured (NOT INITIALIZED)
      def authorization_url(user_id:)
        query = URI.encode_www_form(
          scope: scopes.join(','), client_id: setting('client_id'), response_type: 'code',
          access_type: 'offline', prompt: 'consent', redirect_uri: redirect_uri, state: @state.issue(user_id)
        )
        "#{OAuthClient::ZohoOAuth.get_grant_url}?#{query}"
      end

      # Finishes a connection from the redirect's query parameters (a Hash with String or
      # Symbol keys, or Rails' params): checks `state` (signed by this app, not expired, for
      # `user_id`, your signed-in user, not used before), exchanges the code at the
      # `accounts-server` Zoho names and stores the tokens under the user's Zoho email.
      # Returns a Connection; raises ConnectError with a `reason` when the user is not
      # connected. A state is used up once it passes these checks, even if the exchange
      # then fails: the user starts again (Zoho's code is single-use too).
      #
      # @param params [Hash{String, Symbol => Object}, ActionController::Parameters] the redirect's query
      # @param user_id [String, Integer] your app's id of the signed-in user
      # @return [ZCRMSDK::WebOAuth::Connection]
      # @raise [ZCRMSDK::WebOAuth::ConnectError] `reason` is :access_denied, :wrong_user,
      #   :missing_code, :untrusted_accounts_server, :exchange_failed, :invalid_state, :expired_state or
      #   :replayed_state
      # @raise [ZCRMSDK::PersistenceError] the token store failed
      # @raise [ZCRMSDK::NetworkError] Zoho Accounts could not be reached
      def complete(params, user_id:)
        refused!(param(params, 'error'))
        state = @state.verify(param(params, 'state'))
        app_user_id = state.user_id
        unless app_user_id == user_id.to_s
          raise ConnectError.new(:wrong_user, 'this Zoho connection was started by another user of this app')
        end
        claim!(state)

        tokens = exchange(param(params, 'code'), param(params, 'accounts-server'))
        Connection.new(app_user_id: app_user_id, zoho_email: tokens.user_identifier, location: param(params, 'location'),
                       tokens: tokens)
      end

      private

      def redirect_uri
        @redirect_uri || Internal.engine!.configuration['redirect_uri']
      end

      def setting(key)
        Internal.engine!.settings[key]
      end

      def param(params, name)
        value = params[name] || params[name.to_sym]
        value.nil? || value.to_s.empty? ? nil : value.to_s
      end

      def claim!(state)
        return if @used_states.claim(state.nonce, expires_at: state.expires_at, now: @state.now)

        raise ConnectError.new(:replayed_state, 'this Zoho connection link was already used: start connecting again')
      end

      def refused!(zoho_error)
        return unless zoho_error

        raise ConnectError.new(:access_denied, "the Zoho account was not connected: Zoho answered #{zoho_error} " \
                                               '(the user rejected the request, or Zoho refused it)',
                               zoho_error: zoho_error)
      end

      def exchange(code, accounts_server)
        raise ConnectError.new(:missing_code, "Zoho's redirect brought no authorization code") unless code

        OAuthClient::ZohoOAuth.get_client_instance.generate_access_token(code, accounts_server: accounts_server)
      rescue ValidationError => e
        raise ConnectError.new(:untrusted_accounts_server, e.message)
      rescue OAuthError => e
        raise ConnectError.new(:exchange_failed, "Zoho refused the authorization code: #{e.message}")
      end
    end
  end
end
