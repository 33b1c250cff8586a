# frozen_string_literal: true

module ZCRMSDK
  class Configuration
    # The `token_store` option (and ZOHO_TOKEN_STORE): a store's name, or a handler class,
    # turned into the 1.0.x keys that select it. `persistence` is always set, so that a store
    # chosen here wins over store keys that came from elsewhere (an ENV variable).
    #
    # @api private
    module TokenStore
      BUILT_IN = %w[memory file sqlite mysql].freeze
      ACTIVE_RECORD_FILE = 'zcrmsdk/active_record_token_store'
      NAMES = (BUILT_IN + %w[active_record]).freeze

      module_function

      # The String-keyed settings for `store`: a Symbol/String name or a handler Class.
      def settings(store)
        case store
        when Module then { 'persistence' => 'custom', 'persistence_handler_class' => store }
        when Symbol, String then by_name(store.to_s)
        else raise invalid(store.inspect)
        end
      end

      # @api private
      def by_name(name)
        return { 'persistence' => name } if BUILT_IN.include?(name)
        return settings(active_record_class) if name == 'active_record'

        raise invalid(name)
      end

      # @api private
      def active_record_class
        require ACTIVE_RECORD_FILE
        ZCRMSDK::ActiveRecordTokenStore
      rescue LoadError, NameError => e
        raise ConfigurationError.new('configure', "token_store :active_record could not load #{ACTIVE_RECORD_FILE} " \
                                                  "(#{e.message}): it needs ActiveRecord loaded first (a Rails app, or " \
                                                  "require 'active_record')", 'token_store', 'error')
      end

      # @api private
      def invalid(given)
        ConfigurationError.new('configure', "token_store must be one of #{NAMES.map { |n| ":#{n}" }.join(', ')} or a " \
                                            "handler Class (see \"Custom persistence\" in the README), not #{given}",
                               'token_store', 'error')
      end
    end
  end
end
