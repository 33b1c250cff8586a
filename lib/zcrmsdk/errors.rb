# frozen_string_literal: true

module ZCRMSDK
  # Included in every exception the gem raises: `rescue ZCRMSDK::Error` catches them all.
  module Error
    # For a failed download into an IO: how many bytes had reached the IO (nil otherwise).
    attr_reader :bytes_written
  end

  module Utility
    # Raised for CRM API failures. The readers are 1.0.x's; `#message` is new (1.0.x returned
    # the class name, which made exception trackers useless).
    class ZCRMException < StandardError
      include ZCRMSDK::Error

      attr_accessor :url, :status_code, :error_message, :exception_code, :error_details, :error_content

      # 1.0.x's constructor, the same as `new`.
      # @param url [String, nil] the request URL (or, in validation errors, the method name)
      # @param status_code [Integer, nil]
      # @param err_message [String, nil]
      # @param exception_code [String] Zoho's code ('INVALID_DATA'...)
      # @param details [Hash, nil]
      # @param content [Object, nil]
      # @return [ZCRMSDK::Utility::ZCRMException]
      def self.get_instance(url, status_code, err_message, exception_code = 'error', details = nil, content = nil)
        new(url, status_code, err_message, exception_code, details, content)
      end

      # @param url [String, nil] the request URL (or, in validation errors, the method name)
      # @param status_code [Integer, nil]
      # @param err_message [String, nil]
      # @param exception_code [String] Zoho's code ('INVALID_DATA'...)
      # @param details [Hash, nil]
      # @param content [Object, nil]
      def initialize(url = nil, status_code = nil, err_message = nil, exception_code = 'error', details = nil, content = nil)
        @url = url
        @status_code = status_code
        @error_message = err_message
        @exception_code = exception_code
        @error_details = details
        @error_content = content
        super(Secrets.filter_text(compose_message))
      end

      # The HTTP exchanges made by the call that failed (method, url, status, duration_ms).
      def requests
        @requests || []
      end

      private

      def compose_message
        status = status_code ? " (HTTP #{status_code})" : ''
        where = url ? " [#{url}]" : ''
        "#{exception_code}#{status}: #{error_message}#{where}"
      end
    end
  end

  module OAuthUtility
    # Raised for OAuth, configuration and token-store failures. 1.0.x's readers are kept:
    # `url` (which, in 1.0.x too, names the method that raised), `err_message`, `error`, `level`.
    class ZohoOAuthException < StandardError
      include ZCRMSDK::Error

      attr_accessor :url, :err_message, :error, :level

      # 1.0.x's constructor, the same as `new`.
      # @param url [String, nil] the method that raised
      # @param err_message [String, nil]
      # @param error [String, nil] a code
      # @param level [String]
      # @return [ZCRMSDK::OAuthUtility::ZohoOAuthException]
      def self.get_instance(url, err_message, error, level)
        new(url, err_message, error, level)
      end

      # @param url [String, nil] the method that raised
      # @param err_message [String, nil]
      # @param error [String, nil] a code
      # @param level [String]
      def initialize(url = nil, err_message = nil, error = nil, level = 'error')
        @url = url
        @err_message = err_message
        @error = error
        @level = level
        super(Secrets.filter_text(err_message || error || self.class.name))
      end

      # The HTTP exchanges made by the call that failed (method, url, status, duration_ms).
      # @return [Array<Hash>]
      def requests
        @requests || []
      end
    end
  end

  ZCRMException = Utility::ZCRMException
  ZohoOAuthException = OAuthUtility::ZohoOAuthException

  # Zoho answered with an error.
  class APIError < ZCRMException; end
  # 204: an empty list, a search without hits, an unknown id (raised as 1.0.x did).
  class NoContentError < APIError; end
  # 401: the token was refused even after one refresh, or the scope is missing.
  class AuthenticationError < APIError; end
  # 403: the user lacks a permission.
  class PermissionError < APIError; end
  # 404: no such URL (often an unsupported api_version or module).
  class NotFoundError < APIError; end
  # 4xx other than the above: the request itself is wrong (INVALID_DATA, MANDATORY_NOT_FOUND...).
  class InvalidRequestError < APIError; end
  # A record list walked past what Zoho lets the configured API version reach: the first
  # 2,000 records with `page` (v2, v2.1), 100,000 with `page_token` (v3 and later). Raised
  # for Zoho's 400 DISCRETE_PAGINATION_LIMIT_EXCEEDED, and by ZCRMModule#each_record when
  # more records follow but Zoho gave no page_token for them (then `status_code` is nil:
  # nothing was sent). `limit` is the number of records the walk could reach.
  class PaginationLimitError < InvalidRequestError
    ADVICE = 'To read more records: filter the walk (each_record(modified_since:), ZCRMModule#sync, ' \
             "a custom view), use api_version 'v3' or later (page_token, up to 100,000 records), " \
             'ZCRMSDK.query (COQL) or a Bulk Read.'

    # @return [Integer, nil] the records the walk could reach
    def limit
      details = error_details
      details.is_a?(Hash) ? details['limit'] : nil
    end

    private

    # Zoho's code and message, then what to do instead.
    def compose_message
      "#{super} #{ADVICE}"
    end
  end

  # 5xx: Zoho failed; safe to retry later.
  class ServerError < APIError; end

  # 429: API credits or concurrency exhausted. `retry_after` is in seconds, when Zoho said.
  class RateLimitError < APIError
    attr_reader :retry_after

    def initialize(*args, retry_after: nil)
      @retry_after = retry_after
      super(*args)
    end
  end

  # Zoho refused to issue another access token ("Access Denied": at most 10 per refresh token
  # per 10 minutes). For `retry_after` seconds (until the window can have room again), calls
  # that need a new access token raise this at once without asking Zoho, in every process
  # sharing the token store: asking again may prolong the refusal. `status_code` is nil.
  class RefreshLimitError < RateLimitError; end

  # A bad argument caught before anything was sent (missing id, more than 100 records...).
  class ValidationError < ZCRMException; end
  # Zoho could not be reached, or the connection dropped.
  class NetworkError < ZCRMException; end
  # No answer within the configured `timeout`.
  class TimeoutError < NetworkError; end
  # An answer that is not what Zoho sends (not JSON, wrong shape).
  class ProtocolError < ZCRMException; end

  # A configuration key is missing or wrong; `key` names it.
  class ConfigurationError < ZohoOAuthException
    # @return [String, nil] the configuration key at fault
    def key
      error
    end
  end
  # Zoho Accounts refused a token request; `code` is Zoho's (`invalid_code`, ...).
  class OAuthError < ZohoOAuthException
    # @return [String, nil] Zoho Accounts' error code (`invalid_code`, `Access Denied`...)
    def code
      error
    end
  end
  # The token store failed (file, SQLite, MySQL, or your custom handler raised).
  class PersistenceError < ZohoOAuthException; end
  # The store holds no tokens for the user: generate_access_token has not been run for them.
  class TokensNotFoundError < PersistenceError; end

  # @api private
  module Native
    API_ERRORS = { 204 => NoContentError, 401 => AuthenticationError, 403 => PermissionError,
                   404 => NotFoundError, 429 => RateLimitError }.freeze
    PAGINATION_LIMIT_CODE = 'DISCRETE_PAGINATION_LIMIT_EXCEEDED'


    class << self
      # Called by the native engine with a failure's attributes; returns the exception to raise.
      # The URL may carry the configured URL's password (user:password@host): not kept.
      def build_error(attributes)
        attributes = with_download_progress(attributes.merge(url: Secrets.filter_value(attributes[:url])))
        error = send(:"#{attributes[:kind]}_error", attributes)
        error.instance_variable_set(:@requests, attributes[:requests])
        error.instance_variable_set(:@bytes_written, attributes[:bytes_written])
        # Ruby sets `cause` only when raising: Internal::Engine#invoke re-raises with it.
        error.instance_variable_set(:@callback_cause, attributes[:cause]) if attributes[:cause]
        error
      end

      private

      # A download into an IO that failed midway says how much of it the IO already holds.
      def with_download_progress(attrs)
        written = attrs[:bytes_written]
        return attrs unless written&.positive?

        note = " (#{written} bytes had been written to the IO before the failure)"
        attrs.merge(message: "#{attrs[:message]}#{note}", error_message: attrs[:error_message] && "#{attrs[:error_message]}#{note}")
      end

      def api_error(attrs)
        status = attrs[:status]
        klass = API_ERRORS.fetch(status) { status >= 500 ? ServerError : InvalidRequestError }
        klass = PaginationLimitError if attrs[:code] == PAGINATION_LIMIT_CODE
        args = [attrs[:url], status, attrs[:error_message], attrs[:code], parse_details(attrs[:details]), attrs[:error_message]]
        klass == RateLimitError ? klass.new(*args, retry_after: attrs[:retry_after]) : klass.new(*args)
      end

      def refresh_limit_error(attrs)
        RefreshLimitError.new(nil, nil, attrs[:message], 'Access Denied', {}, attrs[:message],
                              retry_after: attrs[:retry_after])
      end

      def invalid_argument_error(attrs)
        ValidationError.new(nil, 400, attrs[:message], attrs[:code])
      end

      def network_error(attrs)
        NetworkError.new(attrs[:url], nil, attrs[:error_message], 'NETWORK ERROR')
      end

      def timeout_error(attrs)
        TimeoutError.new(attrs[:url], nil, attrs[:error_message], 'TIMEOUT')
      end

      def protocol_error(attrs)
        ProtocolError.new(attrs[:url], nil, attrs[:error_message], 'UNEXPECTED RESPONSE')
      end

      def interrupted_error(attrs)
        ZCRMException.new(nil, nil, attrs[:message], 'INTERRUPTED')
      end

      def config_error(attrs)
        ConfigurationError.new('init', attrs[:message], attrs[:key], 'error')
      end

      def oauth_error(attrs)
        OAuthError.new('oauth', attrs[:message], attrs[:code], 'error')
      end

      def no_tokens_error(attrs)
        TokensNotFoundError.new('get_oauth_tokens', attrs[:message], 'NO TOKENS', 'error')
      end

      def store_error(attrs)
        PersistenceError.new("#{attrs[:store]} persistence", attrs[:message], 'PERSISTENCE ERROR', 'error')
      end

      def parse_details(details)
        details ? JSON.parse(details) : {}
      rescue JSON::ParserError
        {}
      end
    end
  end
end
