# frozen_string_literal: true

require 'net/http'
require 'uri'

module ZCRMSDK
  # 1.0.x's OAuth helpers: constants, the client's registration (ZohoOAuthParams), the raw
  # Accounts connector, and ZohoOAuthException.
  module OAuthUtility
    # 1.0.x's OAuth constant names and values.
    class ZohoOAuthConstants
      IAM_URL = 'accounts_url'
      SCOPES = 'scope'
      STATE = 'state'
      STATE_OBTAINING_GRANT_TOKEN = 'OBTAIN_GRANT_TOKEN'
      RESPONSE_TYPE = 'response_type'
      RESPONSE_TYPE_CODE = 'code'
      CLIENT_ID = 'client_id'
      CLIENT_SECRET = 'client_secret'
      REDIRECT_URL = 'redirect_uri'
      ACCESS_TYPE = 'access_type'
      ACCESS_TYPE_OFFLINE = 'offline'
      ACCESS_TYPE_ONLINE = 'online'
      PROMPT = 'prompt'
      PROMPT_CONSENT = 'consent'
      GRANT_TYPE = 'grant_type'
      GRANT_TYPE_AUTH_CODE = 'authorization_code'
      GRANT_TYPE_REFRESH = 'refresh_token'
      CODE = 'code'
      GRANT_TOKEN = 'grant_token'
      ACCESS_TOKEN = 'access_token'
      REFRESH_TOKEN = 'refresh_token'
      EXPIRES_IN = 'expires_in'
      EXPIRES_IN_SEC = 'expires_in_sec'
      EXPIRIY_TIME = 'expiry_time'
      PERSISTENCE_HANDLER_CLASS_PATH = 'persistence_handler_class_path'
      PERSISTENCE_HANDLER_CLASS = 'persistence_handler_class'
      TOKEN = 'token'
      DISPATCH_TO = 'dispatchTo'
      OAUTH_TOKENS_PARAM = 'oauth_tokens'
      SANDBOX = 'sandbox'
      OAUTH_HEADER_PREFIX = 'Zoho-oauthtoken '
      AUTHORIZATION = 'Authorization'
      REQUEST_METHOD_GET = 'GET'
      REQUEST_METHOD_POST = 'POST'
      RESPONSECODE_OK = 200
      EMAIL = 'Email'
      ERROR = 'error'
      INFO = 'info'
      WARNING = 'warning'
      TOKEN_PERSISTENCE_PATH = 'token_persistence_path'
      DATABASE_PORT = 'db_port'
      DATABASE_USERNAME = 'db_username'
      DATABASE_PASSWORD = 'db_password'
      CURRENT_USER_EMAIL = 'current_user_email'
    end

    # The client's registration details.
    class ZohoOAuthParams
      include Secrets::Inspect

      attr_accessor :client_id, :client_secret, :redirect_uri

      # @param client_id [String]
      # @param client_secret [String]
      # @param redirect_uri [String]
      # @return [ZCRMSDK::OAuthUtility::ZohoOAuthParams]
      def self.get_instance(client_id, client_secret, redirect_uri)
        new(client_id, client_secret, redirect_uri)
      end

      # @param client_id [String]
      # @param client_secret [String]
      # @param redirect_uri [String]
      def initialize(client_id, client_secret, redirect_uri)
        @client_id = client_id
        @client_secret = client_secret
        @redirect_uri = redirect_uri
      end

      private

      def inspect_fields
        { client_id: client_id, client_secret: client_secret, redirect_uri: redirect_uri }
      end
    end

    # 1.0.x's raw connector to Zoho Accounts, kept for code that used it directly. The gem
    # itself never uses it; unlike 1.0.x it sends the parameters form-encoded in the body
    # (never in the URL) and verifies TLS.
    class ZohoOAuthHTTPConnector
      include Secrets::Inspect

      attr_accessor :url, :req_headers, :req_method, :req_params, :req_body

      # @param url [String]
      # @param params [Hash, nil]
      # @param headers [Hash, nil]
      # @param body [String, nil]
      # @param method [String, nil] 'GET' or 'POST' (default)
      # @return [ZCRMSDK::OAuthUtility::ZohoOAuthHTTPConnector]
      def self.get_instance(url, params = nil, headers = nil, body = nil, method = nil)
        new(url, params, headers, body, method)
      end

      # 1.0.x's class-level URL (unused by instances).
      # @param url [String]
      # @return [String]
      def self.set_url(url)
        @url = url
      end

      # @return [String, nil] the URL set with {.set_url}
      def self.get_url
        @url
      end

      def initialize(url, params = nil, headers = nil, body = nil, method = nil)
        @url = url
        @req_params = params || {}
        @req_headers = headers || {}
        @req_body = body
        @req_method = method || ZohoOAuthConstants::REQUEST_METHOD_POST
      end

      # Sends the request (TLS verified; POST parameters form-encoded in the body).
      # @return [Net::HTTPResponse]
      # @raise [SystemCallError, Net::OpenTimeout, OpenSSL::SSL::SSLError] the connection failed
      def trigger_request
        uri = URI(url)
        request = build_request(uri)
        Net::HTTP.start(uri.host, uri.port, use_ssl: uri.scheme == 'https') { |http| http.request(request) }
      end

      # @param key [String]
      # @param value [String]
      # @return [String] the value
      def add_http_header(key, value)
        @req_headers[key] = value
      end

      # @return [Hash{String => String}]
      def get_http_headers
        @req_headers
      end

      # @param method [String] 'GET' or 'POST'
      # @return [String]
      def set_http_request_method(method)
        @req_method = method
      end

      # @return [String]
      def get_http_request_method
        @req_method
      end

      # @param req_body [String, nil] sent instead of the form parameters
      # @return [String, nil]
      def set_request_body(req_body)
        @req_body = req_body
      end

      # @return [String, nil]
      def get_request_body
        @req_body
      end

      # @param key [String]
      # @param value [String]
      # @return [String] the value
      def add_http_request_params(key, value)
        @req_params[key] = value
      end

      # @return [Hash{String => String}]
      def get_http_request_params
        @req_params
      end

      private

      # The parameters hold the client secret and tokens; the headers may hold Authorization.
      def inspect_fields
        { req_method: req_method, url: url, req_params: req_params, req_headers: req_headers }
      end

      def build_request(uri)
        if req_method.to_s.upcase == 'GET'
          uri.query = URI.encode_www_form(req_params) unless req_params.empty?
          request = Net::HTTP::Get.new(uri)
        else
          request = Net::HTTP::Post.new(uri)
          req_body ? request.body = req_body.to_s : request.set_form_data(req_params)
        end
        req_headers.each { |k, v| request[k] = v }
        request
      end
    end
  end
end
