# frozen_string_literal: true

module ZCRMSDK
  # 1.0.x's OAuth entry points: ZohoOAuth (configuration, factories), ZohoOAuthClient
  # (token operations) and ZohoOAuthTokens.
  module OAuthClient
    # Configuration entry point and factory, as in 1.0.x. `ZCRMRestClient.init` calls
    # `get_instance`; user code mostly calls `get_client_instance` and `get_persistence_instance`.
    class ZohoOAuth
      # Configures the default client; what `ZCRMRestClient.init` calls.
      # @param config_details [Hash, ZCRMSDK::Configuration] 1.0.x's configuration keys
      # @return [ZCRMSDK::OAuthClient::ZohoOAuth]
      # @raise [ZCRMSDK::ConfigurationError] a key is missing or wrong (`key` names it)
      def self.get_instance(config_details)
        configuration = config_details.is_a?(Configuration) ? config_details : Configuration.new(config_details)
        Internal.configure(configuration)
        email = configuration['current_user_email']
        RestClient::ZCRMRestClient.current_user_email = email unless email.nil? || email.to_s.empty?
        ZohoOAuthClient.get_instance(
          OAuthUtility::ZohoOAuthParams.new(configuration['client_id'], configuration['client_secret'],
                                            configuration['redirect_uri'])
        )
        new
      end

      # The token operations of the configured client.
      # @return [ZCRMSDK::OAuthClient::ZohoOAuthClient]
      # @raise [ZCRMSDK::ZohoOAuthException] before `init`/`configure` (NOT INITIALIZED)
      def self.get_client_instance
        Internal.engine!
        ZohoOAuthClient.get_instance
      end

      # The handler for the configured store, built anew on each call as 1.0.x did: the user's
      # class for custom persistence, else the built-in handler of the engine's store.
      # @return [Object] an object with get_oauth_tokens, save_oauth_tokens, delete_oauth_tokens
      # @raise [ZCRMSDK::ZohoOAuthException] before `init`/`configure` (NOT INITIALIZED)
      def self.get_persistence_instance
        engine = Internal.engine!
        klass = engine.configuration.handler_class
        return klass.new if klass

        Persistence.handler_for(engine.settings['persistence'])
      end

      # The configured accounts server's authorization URL.
      # @return [String]
      # @raise [ZCRMSDK::ZohoOAuthException] before `init`/`configure` (NOT INITIALIZED)
      def self.get_grant_url
        "#{accounts_url}/oauth/v2/auth"
      end

      # The configured accounts server's token URL.
      # @return [String]
      # @raise [ZCRMSDK::ZohoOAuthException] before `init`/`configure` (NOT INITIALIZED)
      def self.get_token_url
        "#{accounts_url}/oauth/v2/token"
      end

      # The configured accounts server's token URL (refreshes use the token URL).
      # @return [String]
      # @raise [ZCRMSDK::ZohoOAuthException] before `init`/`configure` (NOT INITIALIZED)
      def self.get_refresh_token_url
        "#{accounts_url}/oauth/v2/token"
      end

      # The configured accounts server's revocation URL.
      # @return [String]
      # @raise [ZCRMSDK::ZohoOAuthException] before `init`/`configure` (NOT INITIALIZED)
      def self.get_revoke_token_url
        "#{accounts_url}/oauth/v2/token/revoke"
      end

      # The configured accounts server's user-info URL.
      # @return [String]
      # @raise [ZCRMSDK::ZohoOAuthException] before `init`/`configure` (NOT INITIALIZED)
      def self.get_user_info_url
        "#{accounts_url}/oauth/user/info"
      end

      def self.accounts_url
        Internal.engine!.settings['accounts_url']
      end
      private_class_method :accounts_url
    end

    # The seed's `is_token_generate` spells it `ZohoOauth`; both names work.
    ZohoOauth = ZohoOAuth

    # Token operations. All of them go through the engine: one refresh per user per expiry,
    # tokens cached in memory, the store as the source of truth.
    class ZohoOAuthClient
      include Secrets::Inspect

      @instance = nil
      @oauth_params = nil

      class << self
        # The shared instance; given params, replaces it with a new one for them.
        # @param param [ZCRMSDK::OAuthUtility::ZohoOAuthParams, nil]
        # @return [ZCRMSDK::OAuthClient::ZohoOAuthClient, nil] nil before the first configuration
        def get_instance(param = nil)
          if param
            @oauth_params = param
            @instance = new(param)
          end
          @instance
        end

        # The registration details the shared instance was made with.
        # @return [ZCRMSDK::OAuthUtility::ZohoOAuthParams, nil]
        def get_oauth_params
          @oauth_params
        end
      end

      # engine: the engine of a ZCRMSDK::Client (Client#oauth); by default, the engine of the
      # client selected on the calling thread, else the default one.
      # @param oauth_params [ZCRMSDK::OAuthUtility::ZohoOAuthParams, nil]
      # @param engine [Object, nil] an engine of a ZCRMSDK::Client
      def initialize(oauth_params = nil, engine: nil)
        @oauth_params = oauth_params
        @engine = engine
      end

      # Exchanges a grant token (valid once, for minutes) and stores the tokens under the
      # email Zoho reports for it. Returns the ZohoOAuthTokens. A missing grant token raises
      # OAuthError before anything is sent (the engine checks it, as it does refresh tokens).
      #
      # In a multi-DC web app, pass the `accounts-server` parameter of Zoho's redirect: the
      # grant is exchanged at that data centre's accounts server, and the tokens remember it
      # (refreshes and revocation go there, API calls to the `api_domain` Zoho names). Only
      # Zoho's data centres and the configured `trusted_accounts_servers` are accepted.
      #
      # @param grant_token [String] the grant (authorization) code
      # @param accounts_server [String, nil] the redirect's `accounts-server`, e.g. 'https://accounts.zoho.eu'
      # @return [ZCRMSDK::OAuthClient::ZohoOAuthTokens]
      # @raise [ZCRMSDK::OAuthError] Zoho Accounts refused the request (`code` says why)
      # @raise [ZCRMSDK::PersistenceError] the token store failed
      # @raise [ZCRMSDK::ZohoOAuthException] before `init`/`configure` (NOT INITIALIZED)
      # @raise [ZCRMSDK::NetworkError] Zoho Accounts could not be reached
      def generate_access_token(grant_token, accounts_server: nil)
        server = accounts_server&.to_s
        ZohoOAuthTokens.from_h(engine.invoke(:generate_access_token, grant_token.to_s, server))
      end

      # 1.0.x's name for {#refresh_access_token}.
      # @param refresh_token [String]
      # @param user_email [String] whose tokens these are
      # @return [ZCRMSDK::OAuthClient::ZohoOAuthTokens]
      # @raise [ZCRMSDK::OAuthError] Zoho Accounts refused the request (`code` says why)
      # @raise [ZCRMSDK::PersistenceError] the token store failed
      # @raise [ZCRMSDK::ZohoOAuthException] before `init`/`configure` (NOT INITIALIZED)
      # @raise [ZCRMSDK::NetworkError] Zoho Accounts could not be reached
      def generate_access_token_from_refresh_token(refresh_token, user_email)
        refresh_access_token(refresh_token, user_email)
      end

      # Gets a new access token for the refresh token and stores the pair under the user
      # (also how to import a refresh token made elsewhere, e.g. Zoho's self client).
      # @param refresh_token [String]
      # @param user_email [String] whose tokens these are
      # @return [ZCRMSDK::OAuthClient::ZohoOAuthTokens]
      # @raise [ZCRMSDK::OAuthError] Zoho Accounts refused the request (`code` says why)
      # @raise [ZCRMSDK::PersistenceError] the token store failed
      # @raise [ZCRMSDK::ZohoOAuthException] before `init`/`configure` (NOT INITIALIZED)
      # @raise [ZCRMSDK::NetworkError] Zoho Accounts could not be reached
      def refresh_access_token(refresh_token, user_email)
        ZohoOAuthTokens.from_h(engine.invoke(:refresh_access_token, refresh_token.to_s, user_email.to_s))
      end

      # A valid access token for the user (refreshed when 15 s or less remain).
      # @param user_email [String]
      # @return [String]
      # @raise [ZCRMSDK::TokensNotFoundError] the store has no tokens for the user
      # @raise [ZCRMSDK::OAuthError] Zoho Accounts refused the request (`code` says why)
      # @raise [ZCRMSDK::PersistenceError] the token store failed
      # @raise [ZCRMSDK::ZohoOAuthException] before `init`/`configure` (NOT INITIALIZED)
      # @raise [ZCRMSDK::NetworkError] Zoho Accounts could not be reached
      def get_access_token(user_email)
        engine.invoke(:access_token, user_email.to_s)['access_token']
      end

      # New in this gem: revokes the user's refresh token at Zoho and deletes their tokens.
      # @param user_email [String]
      # @return [true]
      # @raise [ZCRMSDK::TokensNotFoundError] the store has no tokens for the user
      # @raise [ZCRMSDK::OAuthError] Zoho Accounts refused the request (`code` says why)
      # @raise [ZCRMSDK::PersistenceError] the token store failed
      # @raise [ZCRMSDK::ZohoOAuthException] before `init`/`configure` (NOT INITIALIZED)
      # @raise [ZCRMSDK::NetworkError] Zoho Accounts could not be reached
      def revoke_refresh_token(user_email)
        engine.invoke(:revoke, user_email.to_s)
        true
      end

      # 1.0.x's expiry maths on a token answer: `expires_in` is seconds unless the legacy
      # `expires_in_sec` key is present, in which case it is milliseconds.
      # @param response_json [Hash{String => Object}] Zoho Accounts' token answer
      # @return [ZCRMSDK::OAuthClient::ZohoOAuthTokens] without a user (nothing is stored)
      def get_tokens_from_json(response_json)
        expires_in = response_json['expires_in'].to_i
        expires_in *= 1000 unless response_json.key?('expires_in_sec')
        ZohoOAuthTokens.new(response_json['refresh_token'], response_json['access_token'],
                            ZohoOAuthTokens.get_current_time_in_millis + expires_in)
      end

      # Asks Zoho Accounts whose access token this is.
      # @param access_token [String]
      # @return [String] the user's email
      # @raise [ZCRMSDK::OAuthError] Zoho Accounts refused the request (`code` says why)
      # @raise [ZCRMSDK::PersistenceError] the token store failed
      # @raise [ZCRMSDK::ZohoOAuthException] before `init`/`configure` (NOT INITIALIZED)
      # @raise [ZCRMSDK::NetworkError] Zoho Accounts could not be reached
      def get_user_email_from_iam(access_token)
        engine.invoke(:user_email, access_token.to_s)
      end

      # 1.0.x's raw connector to Zoho Accounts, filled with the client's registration; the
      # gem never uses it (see ZohoOAuthHTTPConnector).
      # @param url [String]
      # @return [ZCRMSDK::OAuthUtility::ZohoOAuthHTTPConnector]
      def get_connector(url)
        params = @oauth_params || self.class.get_oauth_params
        connector = OAuthUtility::ZohoOAuthHTTPConnector.new(url, {}, {}, nil, 'POST')
        connector.add_http_request_params('client_id', params&.client_id)
        connector.add_http_request_params('client_secret', params&.client_secret)
        connector.add_http_request_params('redirect_uri', params&.redirect_uri)
        connector
      end

      private

      def inspect_fields
        params = @oauth_params || self.class.get_oauth_params
        { client_id: params&.client_id, client_secret: params&.client_secret }
      end

      def engine
        @engine || Internal.engine!
      end
    end

    # An access/refresh token pair for one user. Its instance variables are 1.0.x's, so
    # `Marshal` output (the 1.0.x token file, custom handlers that marshal) is unchanged.
    class ZohoOAuthTokens
      include Secrets::Inspect

      attr_accessor :refresh_token, :access_token, :expiry_time, :user_email, :user_identifier
      # New in this gem: the API host Zoho named for the user, and the accounts server that
      # issued the tokens when it is not the configured `accounts_url` (multi-DC apps). A
      # custom persistence handler should store both with the tokens.
      attr_accessor :api_domain, :accounts_server

      # @param refresh_token [String, nil]
      # @param access_token [String]
      # @param expiry_time [Integer] milliseconds since the epoch
      # @param user_identifier [String, nil] the user's email
      # @return [ZCRMSDK::OAuthClient::ZohoOAuthTokens]
      def self.get_instance(refresh_token, access_token, expiry_time, user_identifier = nil)
        new(refresh_token, access_token, expiry_time, user_identifier)
      end

      # @return [Integer] now, in milliseconds since the epoch (the unit of `expiry_time`)
      def self.get_current_time_in_millis
        (Time.now.to_f * 1000).to_i
      end

      # From the engine's Hash form (see {#to_h}).
      # @param hash [Hash{String => Object}]
      # @return [ZCRMSDK::OAuthClient::ZohoOAuthTokens]
      def self.from_h(hash)
        tokens = new(hash['refresh_token'], hash['access_token'], hash['expiry_time'], hash['user_identifier'])
        tokens.api_domain = hash['api_domain']
        tokens.accounts_server = hash['accounts_server']
        tokens
      end

      # @param refresh_token [String, nil]
      # @param access_token [String]
      # @param expiry_time [Integer] milliseconds since the epoch
      # @param user_identifier [String, nil] the user's email
      def initialize(refresh_token, access_token, expiry_time, user_identifier = nil)
        @refresh_token = refresh_token
        @access_token = access_token
        @expiry_time = expiry_time
        @user_identifier = user_identifier
      end

      # The access token while more than 15 s remain; raises ZohoOAuthException otherwise
      # (that exception is what told 1.0.x to refresh).
      # @return [String]
      # @raise [ZCRMSDK::ZohoOAuthException] the token expires within 15 s
      def get_access_token
        return @access_token if (@expiry_time.to_i - self.class.get_current_time_in_millis) > 15_000

        raise OAuthUtility::ZohoOAuthException.new('get_access_token', 'Access token got expired!',
                                                   'Access token expired hence refreshing', 'info')
      end

      # @return [Boolean] whether the expiry time has passed
      def expired?
        @expiry_time.to_i <= self.class.get_current_time_in_millis
      end

      # The engine's Hash form, for a custom token store that keeps a Hash or JSON.
      # @return [Hash{String => Object}] user_identifier, access_token, refresh_token,
      #   expiry_time, api_domain, accounts_server
      def to_h
        { 'user_identifier' => @user_identifier, 'access_token' => @access_token,
          'refresh_token' => @refresh_token, 'expiry_time' => @expiry_time.to_i,
          'api_domain' => @api_domain, 'accounts_server' => @accounts_server }
      end

      # The engine's Hash form of any tokens object a handler returns: 1.0.x-era objects have
      # no api_domain or accounts_server, which then read as unknown (the configured ones).
      # @api private
      # @param tokens [#access_token, #refresh_token, #expiry_time]
      # @param user_identifier [String]
      # @return [Hash{String => Object}]
      def self.engine_hash(tokens, user_identifier)
        { 'user_identifier' => user_identifier.to_s, 'access_token' => tokens.access_token.to_s,
          'refresh_token' => tokens.refresh_token&.to_s, 'expiry_time' => Integer(tokens.expiry_time),
          'api_domain' => optional_text(tokens, :api_domain),
          'accounts_server' => optional_text(tokens, :accounts_server) }
      end

      def self.optional_text(tokens, name)
        tokens.respond_to?(name) ? tokens.public_send(name)&.to_s : nil
      end
      private_class_method :optional_text

      # Tokens are secrets: inspect shows whose they are and until when, never the tokens.
      alias to_s inspect

      private

      def inspect_fields
        { user_identifier: @user_identifier, expiry_time: @expiry_time, accounts_server: @accounts_server,
          access_token: @access_token, refresh_token: @refresh_token }
      end
    end
  end
end
