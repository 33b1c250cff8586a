# frozen_string_literal: true

module ZCRMSDK
  class Configuration
    # The environment variables the gem reads as fallbacks: `ZOHO_<KEY>` for every
    # configuration key (ZOHO_CLIENT_ID, ZOHO_CLIENT_SECRET, ZOHO_REDIRECT_URI,
    # ZOHO_CURRENT_USER_EMAIL, ZOHO_ACCOUNTS_URL, ZOHO_API_BASE_URL...) except `logger` and the
    # custom handler keys, plus ZOHO_TOKEN_STORE (memory, file, sqlite, mysql, active_record).
    # Empty variables count as unset. Settings given in code win over these.
    #
    # @api private
    module Env
      PREFIX = 'ZOHO_'
      KEYS = (Configuration::KEYS - %w[logger persistence_handler_class_path persistence_handler_class]).freeze
      TOKEN_STORE = 'ZOHO_TOKEN_STORE'

      module_function

      # The variable that feeds each key, e.g. 'client_id' => 'ZOHO_CLIENT_ID'.
      def variables
        KEYS.to_h { |key| [key, "#{PREFIX}#{key.upcase}"] }
      end

      # What `env` sets, as the 1.0.x String keys of `ZCRMRestClient.init`, e.g.
      # { 'client_id' => '...' }. ZOHO_TOKEN_STORE=active_record gives the handler keys of
      # ZCRMSDK::ActiveRecordTokenStore (its file path and class name), as init takes them.
      def settings(env = ENV)
        found = variables.each_with_object({}) do |(key, variable), out|
          value = env[variable]
          out[key] = value unless value.nil? || value.strip.empty?
        end
        store = env[TOKEN_STORE].to_s.strip
        store.empty? ? found : found.merge(token_store_settings(store))
      end

      def token_store_settings(name)
        settings = TokenStore.settings(name.downcase)
        klass = settings['persistence_handler_class']
        return settings unless klass

        settings.merge('persistence_handler_class' => klass.name,
                       'persistence_handler_class_path' => Object.const_source_location(klass.name)&.first)
      end
      private_class_method :token_store_settings
    end
  end
end
