# frozen_string_literal: true

# `ZCRMSDK.configure`: the block form of `ZCRMRestClient.init`, with typed values and ENV
# fallbacks. It configures the default client (the one 1.0.x code uses).
module ZCRMSDK
  class << self
    # Yields the Configuration::Options of the default client, then (re)configures it with
    # what the block set over the ZOHO_* environment variables (Configuration::Env). Calling
    # it again keeps what earlier calls set. Returns the default ZCRMSDK::Client.
    #
    #   ZCRMSDK.configure do |c|
    #     c.client_id = '1000.XXXX'
    #     c.client_secret = Rails.application.credentials.dig(:zoho, :client_secret)
    #     c.token_store = :sqlite
    #   end
    #
    # @yieldparam config [ZCRMSDK::Configuration::Options] the settings to change
    # @return [ZCRMSDK::Client] the default client
    # @raise [ZCRMSDK::ConfigurationError] a setting is missing or wrong (`key` names it)
    def configure
      options = CONFIGURE_LOCK.synchronize { @options ||= Configuration::Options.new }
      yield options if block_given?
      OAuthClient::ZohoOAuth.get_instance(options.to_configuration(Configuration::Env.settings))
      client
    end

    # The Options the last `configure` used (nil before the first).
    # @return [ZCRMSDK::Configuration::Options, nil]
    def configuration
      @options
    end

    # The default client: ZCRMRestClient.init's and ZCRMSDK.configure's.
    # @return [ZCRMSDK::Client]
    def client
      Client.default
    end

    # Forgets the metadata the default client cached (ZCRMSDK::Client#clear_metadata_cache).
    # @return [nil]
    def clear_metadata_cache
      client.clear_metadata_cache
    end

    # Whether the default client has been configured (by init or configure).
    def configured?
      !Internal.default_engine.nil?
    end
  end

  CONFIGURE_LOCK = Mutex.new
  private_constant :CONFIGURE_LOCK
end
