# frozen_string_literal: true

module ZCRMSDK
  class Configuration
    # What `ZCRMSDK.configure { |c| ... }` yields and `ZCRMSDK::Client.new(**options)` takes:
    # one attribute per configuration key, with typed values (true/false, Integers, seconds as
    # Numerics, Arrays, Pathnames, a Logger, a handler Class), plus `token_store`. Each value
    # is checked when it is assigned, so a mistake points at the line that made it.
    class Options
      include Secrets::Inspect

      TEXT = %i[client_id client_secret redirect_uri current_user_email accounts_url api_base_url api_version
                access_type persistence db_username db_password db_address].freeze
      PATHS = %i[application_log_file_path persistence_handler_class_path token_persistence_path sqlite_path
                 ca_file].freeze
      FLAGS = %i[sandbox log_in_console].freeze
      COUNTS = %i[db_port max_retries max_concurrent_requests fleet_max_concurrent_requests].freeze
      SECONDS = %i[timeout attempt_timeout open_timeout max_retry_wait token_refresh_margin metadata_cache_ttl].freeze
      LISTS = %i[trusted_accounts_servers].freeze
      OTHERS = %i[persistence_handler_class logger exception_log_level token_store].freeze
      # Every option (see "Configuration" in the README). The writers raise ConfigurationError
      # (naming the option) for a value of the wrong type.
      ATTRIBUTES = (TEXT + PATHS + FLAGS + COUNTS + SECONDS + LISTS + OTHERS).freeze

      # The options' readers and writers, defined from the lists above:
      #
      # @!attribute [rw] client_id
      #   @return [String, Symbol, nil]
      # @!attribute [rw] client_secret
      #   @return [String, Symbol, nil]
      # @!attribute [rw] redirect_uri
      #   @return [String, Symbol, nil]
      # @!attribute [rw] current_user_email
      #   @return [String, Symbol, nil]
      # @!attribute [rw] accounts_url
      #   @return [String, Symbol, nil]
      # @!attribute [rw] api_base_url
      #   @return [String, Symbol, nil]
      # @!attribute [rw] api_version
      #   @return [String, Symbol, nil]
      # @!attribute [rw] access_type
      #   @return [String, Symbol, nil]
      # @!attribute [rw] persistence
      #   @return [String, Symbol, nil]
      # @!attribute [rw] db_username
      #   @return [String, Symbol, nil]
      # @!attribute [rw] db_password
      #   @return [String, Symbol, nil]
      # @!attribute [rw] db_address
      #   @return [String, Symbol, nil]
      # @!attribute [rw] application_log_file_path
      #   @return [String, Pathname, nil]
      # @!attribute [rw] persistence_handler_class_path
      #   @return [String, Pathname, nil]
      # @!attribute [rw] token_persistence_path
      #   @return [String, Pathname, nil]
      # @!attribute [rw] sqlite_path
      #   @return [String, Pathname, nil]
      # @!attribute [rw] ca_file
      #   @return [String, Pathname, nil]
      # @!attribute [rw] sandbox
      #   @return [Boolean, nil]
      # @!attribute [rw] log_in_console
      #   @return [Boolean, nil]
      # @!attribute [rw] db_port
      #   @return [Integer, nil]
      # @!attribute [rw] max_retries
      #   @return [Integer, nil]
      # @!attribute [rw] max_concurrent_requests
      #   @return [Integer, nil]
      # @!attribute [rw] fleet_max_concurrent_requests
      #   @return [Integer, nil] requests in flight across every process sharing the token store
      # @!attribute [rw] timeout
      #   @return [Numeric, nil]
      # @!attribute [rw] attempt_timeout
      #   @return [Numeric, nil]
      # @!attribute [rw] open_timeout
      #   @return [Numeric, nil]
      # @!attribute [rw] max_retry_wait
      #   @return [Numeric, nil]
      # @!attribute [rw] token_refresh_margin
      #   @return [Numeric, nil]
      # @!attribute [rw] metadata_cache_ttl
      #   @return [Numeric, nil] seconds metadata stays cached (0: not cached)
      # @!attribute [rw] trusted_accounts_servers
      #   @return [Array<String>, nil]
      # @!attribute [rw] persistence_handler_class
      #   @return [Class, String, nil]
      # @!attribute [rw] logger
      #   @return [Logger, nil]
      # @!attribute [rw] exception_log_level
      #   @return [String, Symbol, nil]

      def self.check(kinds, expected, &test)
        kinds.each do |name|
          define_method("#{name}=") do |value|
            raise type_error(name, value, expected) unless value.nil? || test.call(value)

            @values[name] = value
          end
        end
      end
      private_class_method :check

      check(TEXT, 'a String') { |v| v.is_a?(String) || v.is_a?(Symbol) }
      check(PATHS, 'a String or Pathname path') { |v| v.is_a?(String) || v.is_a?(Pathname) }
      check(FLAGS, 'true or false') { |v| [true, false].include?(v) }
      check(COUNTS, 'an Integer') { |v| v.is_a?(Integer) }
      check(SECONDS, 'a number of seconds') { |v| v.is_a?(Numeric) }
      check(LISTS, 'an Array of Strings') { |v| v.is_a?(Array) }
      check(%i[persistence_handler_class], 'a Class (or its name as a String)') { |v| v.is_a?(Module) || v.is_a?(String) }
      check(%i[exception_log_level], "one of #{Log::EXCEPTION_LEVELS.join(', ')}") do |v|
        Log::EXCEPTION_LEVELS.include?(v.to_s)
      end
      check(%i[logger], 'a Logger (anything with debug, warn and error)') { |v| %i[debug warn error].all? { |m| v.respond_to?(m) } }

      ATTRIBUTES.each do |name|
        define_method(name) { @values[name] }
      end

      # @param options [Hash{Symbol => Object}] any of ATTRIBUTES
      # @raise [ArgumentError] an unknown option
      # @raise [ZCRMSDK::ConfigurationError] a value of the wrong type
      def initialize(**options)
        @values = {}
        options.each do |name, value|
          raise ArgumentError, unknown(name) unless ATTRIBUTES.include?(name.to_sym)

          public_send("#{name}=", value)
        end
      end

      # A store name (:memory, :file, :sqlite, :mysql, :active_record) or a handler Class.
      # @param store [Symbol, String, Class, nil]
      # @return [Symbol, String, Class, nil]
      # @raise [ZCRMSDK::ConfigurationError] an unknown store
      def token_store=(store)
        TokenStore.settings(store) unless store.nil? # refuses a bad value now
        @values[:token_store] = store
      end

      # The settings given, as the String keys `ZCRMRestClient.init` takes; nils left out.
      # @return [Hash{String => Object}]
      def settings
        given = @values.except(:token_store).compact.to_h { |name, value| [name.to_s, value] }
        store = @values[:token_store]
        store.nil? ? given : given.merge(TokenStore.settings(store))
      end

      # The Configuration these options make, over `fallbacks` (e.g. Env.settings): what was
      # given here wins.
      # @param fallbacks [Hash{String => Object}]
      # @return [ZCRMSDK::Configuration]
      # @raise [ZCRMSDK::ConfigurationError] a custom handler that cannot be loaded
      def to_configuration(fallbacks = {})
        Configuration.new(fallbacks.merge(settings))
      end

      # An unknown option raises NoMethodError naming the valid ones (not a bare NoMethodError).
      # @param name [Symbol]
      # @param args [Array<Object>]
      # @return [void]
      # @raise [NoMethodError]
      def method_missing(name, *args)
        return super unless name.end_with?('=') || args.empty?

        raise NoMethodError.new(unknown(name.to_s.delete_suffix('=')), name)
      end

      # @param name [Symbol]
      # @param include_private [Boolean]
      # @return [Boolean]
      def respond_to_missing?(name, include_private = false)
        super
      end

      private

      def unknown(name)
        "ZCRMSDK has no configuration option '#{name}'; the options are: #{ATTRIBUTES.join(', ')}"
      end

      def type_error(name, value, expected)
        ConfigurationError.new('configure', "'#{name}' must be #{expected}, not #{value.class}", name.to_s, 'error')
      end

      def inspect_fields
        @values.merge(@values[:logger] ? { logger: @values[:logger].class } : {})
      end
    end
  end
end
