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
      COUNTS = %i[db_port max_retries max_concurrent_requests].freeze
      SECONDS = %i[timeout attempt_timeout open_timeout max_retry_wait token_refresh_margin metadata_cache_ttl].freeze
      LISTS = %i[trusted_accounts_servers].freeze
      OTHERS = %i[persistence_handler_class logger exception_log_level token_store].freeze
      ATTRIBUTES = (TEXT + PATHS + FLAGS + COUNTS + SECONDS + LISTS + OTHERS).freeze

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

      def initialize(**options)
        @values = {}
        options.each do |name, value|
          raise ArgumentError, unknown(name) unless ATTRIBUTES.include?(name.to_sym)

          public_send("#{name}=", value)
        end
      end

      # A store name (:memory, :file, :sqlite, :mysql, :active_record) or a handler Class.
      def token_store=(store)
        TokenStore.settings(store) unless store.nil? # refuses a bad value now
        @values[:token_store] = store
      end

      # The settings given, as the String keys `ZCRMRestClient.init` takes; nils left out.
      def settings
        given = @values.except(:token_store).compact.to_h { |name, value| [name.to_s, value] }
        store = @values[:token_store]
        store.nil? ? given : given.merge(TokenStore.settings(store))
      end

      # The Configuration these options make, over `fallbacks` (e.g. Env.settings): what was
      # given here wins.
      def to_configuration(fallbacks = {})
        Configuration.new(fallbacks.merge(settings))
      end

      def method_missing(name, *args)
        return super unless name.end_with?('=') || args.empty?

        raise NoMethodError.new(unknown(name.to_s.delete_suffix('=')), name)
      end

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
