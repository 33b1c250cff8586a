# frozen_string_literal: true

module ZCRMSDK
  # Turns the configuration Hash of `ZCRMRestClient.init` into what the engine reads:
  # `[key, value]` String pairs. Keys may be Strings (the seed's style) or Symbols; booleans
  # and numbers become the Strings 1.0.x compared against ('true', '3306'). The caller's Hash
  # is never modified. Validation of the values happens in the engine, which names the key.
  #
  # Ruby-only settings are taken out here: `logger` (any Logger) and the custom persistence
  # handler, whose file must be loaded and whose class must exist.
  class Configuration
    include Secrets::Inspect

    KEYS = %w[
      client_id client_secret redirect_uri current_user_email accounts_url api_base_url api_version
      sandbox access_type application_log_file_path log_in_console persistence
      persistence_handler_class_path persistence_handler_class token_persistence_path
      db_username db_password db_port db_address sqlite_path ca_file timeout attempt_timeout open_timeout
      max_retries max_retry_wait max_concurrent_requests fleet_max_concurrent_requests token_refresh_margin trusted_accounts_servers logger
      exception_log_level metadata_cache_ttl
    ].freeze
    # Keys only the Ruby layer reads; the engine never sees them.
    RUBY_KEYS = %w[logger exception_log_level].freeze
    # Keys whose value may be an Array (or a comma-separated String).
    LIST_KEYS = %w[trusted_accounts_servers].freeze

    HANDLER_METHODS = {
      save: %i[save_oauth_tokens saveOAuthData],
      get: %i[get_oauth_tokens getOAuthTokens]
    }.freeze

    attr_reader :settings, :logger, :handler_class

    class << self
      # The SQLite file used when the settings choose no store and name no `sqlite_path`
      # (nil: the engine's per-user data folder). The Railtie sets a per-environment file
      # under the app's db/ folder.
      attr_accessor :default_sqlite_path
    end

    # @param config_details [Hash{String, Symbol => Object}] 1.0.x's configuration keys (see KEYS)
    # @raise [ZCRMSDK::ZCRMException] config_details is not a Hash (CONFIG DETAILS IS NOT PROVIDED)
    # @raise [ZCRMSDK::ConfigurationError] a custom persistence handler cannot be loaded, or
    #   lacks get_oauth_tokens / save_oauth_tokens
    def initialize(config_details)
      unless config_details.is_a?(Hash)
        raise Utility::ZCRMException.new('init', 400, 'Configurations details has to be provided! ' \
                                                      'Pass a Hash such as { "client_id" => "..." }',
                                         'CONFIG DETAILS IS NOT PROVIDED')
      end
      @settings = config_details.each_with_object({}) { |(key, value), out| out[key.to_s] = value }.freeze
      @logger = @settings['logger']
      # The engine decides which store the keys select (custom > file > MySQL > SQLite) and
      # validates them; only a custom handler needs loading here.
      @handler_class = load_handler_class if Native.persistence_for(pairs) == 'custom'
    end

    # A setting as given.
    # @param key [String, Symbol]
    # @return [Object, nil]
    def [](key)
      settings[key.to_s]
    end

    # The keys the engine reads, as Strings; nils are dropped (1.0.x treated nil as absent).
    # @return [Array<Array(String, String)>]
    # @raise [ZCRMSDK::ConfigurationError] a value that is not a String, number or boolean,
    #   or not UTF-8 text (`key` names it)
    def pairs
      engine_settings.filter_map do |key, value|
        next if value.nil? || RUBY_KEYS.include?(key)

        [key, stringify(key, value)]
      end
    end

    # The given keys this gem does not know (typos, keys of another SDK).
    # @return [Array<String>]
    def unknown_keys
      settings.keys - KEYS
    end

    # Whether a boolean setting is on (true or 'true', as 1.0.x compared).
    # @param key [String]
    # @return [Boolean]
    def flag?(key)
      value = settings[key]
      value == true || value.to_s.strip.casecmp?('true')
    end

    private

    # The settings with a handler given as a Class named as the engine expects (the class's
    # name, and the file that defines it), and the default SQLite file filled in.
    def engine_settings
      with_default = settings
      if (default = self.class.default_sqlite_path) && !settings.key?('sqlite_path')
        with_default = settings.merge('sqlite_path' => default.to_s)
      end
      klass = settings['persistence_handler_class']
      return with_default unless klass.is_a?(Module)

      with_default.merge('persistence_handler_class' => klass.name || klass.inspect,
                         'persistence_handler_class_path' => settings['persistence_handler_class_path'] ||
                                                             defined_in(klass))
    end

    def defined_in(klass)
      (klass.name && Object.const_source_location(klass.name)&.first) || '(given as a Class)'
    end

    # The settings as given, secrets filtered; a logger by its class (its own inspect is long).
    def inspect_fields
      settings.merge(logger ? { 'logger' => logger.class } : {})
    end

    def stringify(key, value)
      text = case value
             when String then value
             when true, false, Numeric, Symbol, Pathname then value.to_s
             when Array
               raise ConfigurationError.new('init', "'#{key}' takes one value, not an Array", key, 'error') unless LIST_KEYS.include?(key)

               value.map(&:to_s).join(',')
             else
               raise ConfigurationError.new('init', "'#{key}' must be a String, a number or true/false, " \
                                                    "not #{value.class}", key, 'error')
             end
      utf8(key, text)
    end

    # The engine reads UTF-8; a value in another encoding is converted, bytes that are not
    # text are refused here, naming the key (they used to surface as a bare EncodingError).
    def utf8(key, text)
      converted = text.encode(Encoding::UTF_8)
      converted.valid_encoding? ? converted : raise(not_utf8(key))
    rescue EncodingError
      raise not_utf8(key)
    end

    def not_utf8(key)
      ConfigurationError.new('init', "'#{key}' is not valid UTF-8 text; check how it was read " \
                                     '(a credentials file, an environment variable)', key, 'error')
    end

    # 1.0.x loaded the handler lazily and failed at the first API call; we fail at init, with
    # the key to fix.
    def load_handler_class
      given = settings['persistence_handler_class']
      return check_handler_methods(given, given.name || given.inspect) if given.is_a?(Module)

      path = settings['persistence_handler_class_path'].to_s
      name = settings['persistence_handler_class'].to_s
      require_handler_file(path)
      check_handler_methods(handler_constant(name, path), name)
    end

    def require_handler_file(path)
      unless File.file?(path)
        raise config_error('persistence_handler_class_path',
                           "'persistence_handler_class_path' is #{path}, which does not exist: give the " \
                           'absolute path of the .rb file that defines your persistence handler')
      end
      require File.expand_path(path)
    rescue ScriptError, StandardError => e
      raise if e.is_a?(ConfigurationError)

      raise config_error('persistence_handler_class_path', "loading #{path} failed: #{e.class}: #{e.message}")
    end

    def handler_constant(name, path)
      Object.const_get(name)
    rescue NameError
      raise config_error('persistence_handler_class',
                         "'persistence_handler_class' is #{name}, but #{path} does not define it: " \
                         'give the class name exactly as written in that file (with its modules, e.g. "MyApp::TokenStore")')
    end

    def check_handler_methods(klass, name)
      missing = HANDLER_METHODS.values.reject { |names| names.any? { |m| klass.method_defined?(m) } }
      return klass if missing.empty?

      raise config_error('persistence_handler_class',
                         "#{name} must define #{missing.map(&:first).join(' and ')} " \
                         '(see "Custom persistence" in the README)')
    end

    def config_error(key, message)
      ConfigurationError.new('init', message, key, 'error')
    end
  end
end
