# frozen_string_literal: true

module ZCRMSDK
  # 1.0.x's helpers (configuration values, logging, constants) and ZCRMException.
  module Utility
    # 1.0.x's configuration accessors, read from the engine's effective settings.
    class ZCRMConfigUtil
      # @return [ZCRMSDK::Utility::ZCRMConfigUtil]
      def self.get_instance
        new
      end

      # `init(true, config)` configures everything, as 1.0.x's `ZCRMRestClient.init` did.
      def self.init(is_to_initialize_oauth, config_details)
        configuration = Configuration.new(config_details)
        return OAuthClient::ZohoOAuth.get_instance(configuration) if is_to_initialize_oauth

        Internal.configure(configuration)
      end

      # A configuration value as given, else its default (1.0.x wrote the defaults into the
      # configuration Hash), else a single space, as 1.0.x returned for absent keys.
      def self.get_config_value(key_value)
        engine = Internal.engine!
        value = engine.configuration[key_value]
        value = engine.settings[key_value.to_s] if value.nil? || value.to_s.empty?
        value = 'false' if value.nil? && key_value.to_s == 'log_in_console'
        value.nil? ? ' ' : value.to_s.dup
      end

      # The configured API base URL.
      # @return [String]
      # @raise [ZCRMSDK::ZohoOAuthException] not configured (NOT INITIALIZED)
      def self.get_api_base_url
        Internal.engine!.settings['api_base_url']
      end

      # The configured API version ('v2').
      # @return [String]
      # @raise [ZCRMSDK::ZohoOAuthException] not configured (NOT INITIALIZED)
      def self.get_api_version
        Internal.engine!.settings['api_version']
      end

      # A valid access token for the current user.
      # @return [String]
      # @raise [ZCRMSDK::ValidationError] no current user (CURRENT USER NOT SET)
      # @raise [ZCRMSDK::ZohoOAuthException] not configured, or no usable tokens
      def get_access_token
        email = RestClient::ZCRMRestClient.current_user_email
        if email.nil? || email.empty?
          raise ValidationError.new('get_access_token', 400, 'current user should be set', 'CURRENT USER NOT SET')
        end
        OAuthClient::ZohoOAuth.get_client_instance.get_access_token(email)
      end
    end

    class CommonUtil
      # `{ api_key => [input_json] }`, the envelope Zoho expects.
      # @param input_json [Hash, nil]
      # @param api_key [String] e.g. 'data'
      # @return [Hash{String => Array<Hash>}]
      def self.create_api_supported_input_json(input_json, api_key)
        { api_key => [input_json || {}] }
      end
    end

    # 1.0.x's logging entry point; lines go wherever the gem's logger goes (see ZCRMSDK::Log).
    class SDKLogger
      LEVELS = { 'error' => :error, 'info' => :info, 'warning' => :warn, 'warn' => :warn, 'fatal' => :fatal,
                 'debug' => :debug }.freeze

      # Logs through the gem's logger (nothing before configuration).
      # @param message [String]
      # @param level [String, Symbol] 'error', 'warning', 'info', 'debug'...
      # @param exception [Exception, nil] its class is appended
      # @return [void]
      def self.add_log(message, level, exception = nil)
        log = Internal.engine&.log
        return unless log

        print_log(log, message, level, exception)
      end

      # Logs to the given logger, secrets redacted.
      # @param logger [Logger, ZCRMSDK::Log]
      # @param message [String]
      # @param level [String, Symbol]
      # @param exception [Exception, nil]
      # @return [void]
      def self.print_log(logger, message, level, exception = nil)
        text = exception ? "#{message}; Exception Class::#{exception.class}" : message.to_s
        target = logger.is_a?(Log) ? logger.logger : logger
        text = logger.redact(text) if logger.is_a?(Log)
        target&.public_send(LEVELS.fetch(level.to_s, :info), text)
      end
    end

    # 1.0.x's constant names and values.
    class APIConstants
      ERROR = 'error'
      REQUEST_METHOD_GET = 'GET'
      REQUEST_METHOD_POST = 'POST'
      REQUEST_METHOD_PUT = 'PUT'
      REQUEST_METHOD_DELETE = 'DELETE'
      OAUTH_HEADER_PREFIX = 'Zoho-oauthtoken '
      AUTHORIZATION = 'Authorization'
      API_NAME = 'api_name'
      INVALID_ID_MSG = 'The given id seems to be invalid.'
      API_MAX_RECORDS_MSG = 'Cannot process more than 100 records at a time.'
      INVALID_DATA = 'INVALID_DATA'
      CODE_SUCCESS = 'SUCCESS'
      STATUS_SUCCESS = 'success'
      STATUS_ERROR = 'error'
      LEADS = 'Leads'
      ACCOUNTS = 'Accounts'
      CONTACTS = 'Contacts'
      DEALS = 'Deals'
      QUOTES = 'Quotes'
      SALESORDERS = 'SalesOrders'
      INVOICES = 'Invoices'
      PURCHASEORDERS = 'PurchaseOrders'
      PER_PAGE = 'per_page'
      PAGE = 'page'
      COUNT = 'count'
      MORE_RECORDS = 'more_records'
      MESSAGE = 'message'
      CODE = 'code'
      STATUS = 'status'
      DETAILS = 'details'
      DATA = 'data'
      INFO = 'info'
      FIELDS = 'fields'
      LAYOUTS = 'layouts'
      TAG = 'tags'
      CUSTOM_VIEWS = 'custom_views'
      MODULES = 'modules'
      RELATED_LISTS = 'related_lists'
      ORG = 'org'
      ROLES = 'roles'
      PROFILES = 'profiles'
      USERS = 'users'
      TAXES = 'taxes'
      VARIABLE = 'variables'
      VARIABLE_GROUP = 'variable_groups'
      CUSTOM_FUNCTIONS = 'custom_functions'
      RESPONSECODE_OK = 200
      RESPONSECODE_CREATED = 201
      RESPONSECODE_ACCEPTED = 202
      RESPONSECODE_NO_CONTENT = 204
      RESPONSECODE_MOVED_PERMANENTLY = 301
      RESPONSECODE_MOVED_TEMPORARILY = 302
      RESPONSECODE_NOT_MODIFIED = 304
      RESPONSECODE_BAD_REQUEST = 400
      RESPONSECODE_AUTHORIZATION_ERROR = 401
      RESPONSECODE_FORBIDDEN = 403
      RESPONSECODE_NOT_FOUND = 404
      RESPONSECODE_METHOD_NOT_ALLOWED = 405
      RESPONSECODE_REQUEST_ENTITY_TOO_LARGE = 413
      RESPONSECODE_UNSUPPORTED_MEDIA_TYPE = 415
      RESPONSECODE_TOO_MANY_REQUEST = 429
      RESPONSECODE_INTERNAL_SERVER_ERROR = 500
      RESPONSECODE_INVALID_INPUT = 0
      FAULTY_RESPONSE_CODES = [204, 301, 302, 400, 401, 403, 404, 405, 413, 415, 429, 500].freeze
      CONSOLE = 'log_in_console'
      LOGPATH = 'application_log_file_path'
      SANDBOX = 'sandbox'
      API_BASEURL = 'api_base_url'
      API_VERSION = 'api_version'
      CURRENT_USER_EMAIL = 'current_user_email'
      ACTION = 'action'
      DUPLICATE_FIELD = 'duplicate_field'
      NO_CONTENT = 'No Content'
      ATTACHMENT_URL = 'attachmentUrl'
      INVENTORY_MODULES = %w[Invoices Sales_Orders Purchase_Orders Quotes].freeze
      ACCESS_TOKEN_EXPIRY = 'X-ACCESSTOKEN-RESET'
      CURR_WINDOW_API_LIMIT = 'X-RATELIMIT-LIMIT'
      CURR_WINDOW_REMAINING_API_COUNT = 'X-RATELIMIT-REMAINING'
      CURR_WINDOW_RESET = 'X-RATELIMIT-RESET'
      API_COUNT_REMAINING_FOR_THE_DAY = 'X-RATELIMIT-DAY-REMAINING'
      API_LIMIT_FOR_THE_DAY = 'X-RATELIMIT-DAY-LIMIT'
    end
  end
end
