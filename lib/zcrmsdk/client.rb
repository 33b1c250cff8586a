# frozen_string_literal: true

module ZCRMSDK
  # One Zoho connection: its own engine (configuration, connections, token store, token
  # cache) and its own current user. Several clients live side by side in one process, for
  # several Zoho orgs or users:
  #
  #   eu = ZCRMSDK::Client.new(client_id: '...', client_secret: '...', redirect_uri: '...',
  #                            accounts_url: 'https://accounts.zoho.eu', current_user_email: 'a@x.eu',
  #                            sqlite_path: 'db/zoho_eu.sqlite3')
  #   eu.get_module('Leads')
  #   eu.use { ZCRMSDK::Operations::ZCRMModule.get_instance('Leads').get_records }
  #
  # The 1.0.x classes act through the client selected on the current thread by `use` (the
  # default client, which `ZCRMRestClient.init` and `ZCRMSDK.configure` set up, otherwise).
  # Objects they return do not remember a client: call their methods inside `use` too.
  # Client.new reads no ENV variables: everything it uses is given.
  class Client
    include Secrets::Inspect

    attr_reader :configuration, :engine
    attr_writer :current_user_email

    # The client 1.0.x's globals use (ZCRMRestClient.init, ZCRMSDK.configure).
    def self.default
      @default ||= DefaultClient.new
    end

    # options: the attributes of ZCRMSDK.configure (client_id:, client_secret:, token_store:,
    # logger:...). An unknown one raises ArgumentError naming the valid ones.
    def initialize(**options)
      @configuration = Configuration::Options.new(**options).to_configuration
      @engine = Internal::Engine.new(@configuration)
      @current_user_email = @configuration['current_user_email']&.to_s
    end

    # The user this client's API calls act as (`with_user` overrides it in its block).
    def current_user_email
      @current_user_email&.dup
    end

    # Selects this client on the current thread for the block: 1.0.x classes
    # (ZCRMRestClient, ZCRMModule, ZCRMRecord, ZCRMOrganization, ZohoOAuth...) act through it.
    # Returns the block's value.
    def use
      Internal.using(self) { yield self }
    end

    # Acts as another user of this client in the block, on this thread only.
    def with_user(email, &block)
      use { RestClient::ZCRMRestClient.with_user(email, &block) }
    end

    # The token operations (generate_access_token, refresh_access_token, get_access_token,
    # revoke_refresh_token...) on this client's engine and store.
    def oauth
      OAuthClient::ZohoOAuthClient.new(nil, engine: engine)
    end

    # Exchanges a grant token and stores the tokens in this client's store; returns them.
    def generate_access_token(grant_token, accounts_server: nil)
      use { oauth.generate_access_token(grant_token, accounts_server: accounts_server) }
    end

    # Forgets the metadata (modules, fields, layouts, related lists) this client cached, so
    # that the next reads ask Zoho: after changing the org's setup, for one. Returns nil.
    def clear_metadata_cache
      engine.clear_metadata_cache
    end

    # The handler of this client's token store (get_oauth_tokens, save_oauth_tokens...).
    def persistence
      handler = engine.configuration.handler_class
      handler ? handler.new : Persistence.handler_for(engine.settings['persistence'], engine: engine)
    end

    %i[get_all_modules get_module get_organization_details get_current_user get_module_instance
       get_record_instance get_organization_instance].each do |name|
      define_method(name) do |*args|
        use { RestClient::ZCRMRestClient.get_instance.public_send(name, *args) }
      end
    end

    # ZCRMSDK.query through this client: the records are fetched, page by page, as the
    # Enumerator is consumed, each page with this client selected.
    def query(text, *values, **options, &block)
      return use { COQL.query(text, *values, **options, &block) } if block

      Enumerator.new { |records| use { COQL.query(text, *values, **options) { |record| records << record } } }
    end

    private

    def inspect_fields
      { current_user_email: current_user_email, configuration: configuration }
    end
  end

  # The default client: the process-wide engine and user that 1.0.x's globals set.
  class DefaultClient < Client
    def initialize # rubocop:disable Lint/MissingSuper -- nothing of its own: it reads the globals
    end

    def engine
      Internal.engine_of_default!
    end

    def configuration
      engine.configuration
    end

    def current_user_email
      RestClient::ZCRMRestClient.default_user_email
    end

    def current_user_email=(email)
      RestClient::ZCRMRestClient.current_user_email = email
    end
  end
  private_constant :DefaultClient
end
