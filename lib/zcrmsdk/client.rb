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
    # @return [ZCRMSDK::Client]
    def self.default
      @default ||= DefaultClient.new
    end

    # options: the attributes of ZCRMSDK.configure (client_id:, client_secret:, token_store:,
    # logger:...). An unknown one raises ArgumentError naming the valid ones.
    # @param options [Hash{Symbol => Object}] see Configuration::Options
    # @raise [ArgumentError] an unknown option
    # @raise [ZCRMSDK::ConfigurationError] a missing or wrong setting (`key` names it)
    def initialize(**options)
      @configuration = Configuration::Options.new(**options).to_configuration
      @engine = Internal::Engine.new(@configuration)
      @current_user_email = @configuration['current_user_email']&.to_s
    end

    # The user this client's API calls act as (`with_user` overrides it in its block).
    # @return [String, nil]
    def current_user_email
      @current_user_email&.dup
    end

    # Selects this client on the current thread for the block: 1.0.x classes
    # (ZCRMRestClient, ZCRMModule, ZCRMRecord, ZCRMOrganization, ZohoOAuth...) act through it.
    #
    #     eu.use { ZCRMSDK::Operations::ZCRMModule.get_instance('Leads').get_records }
    #
    # @yieldparam client [ZCRMSDK::Client] this client
    # @return [Object] the block's value
    def use
      Internal.using(self) { yield self }
    end

    # Acts as another user of this client in the block, on this thread only.
    # @param email [String] the Zoho user whose tokens the block's calls use
    # @yield the calls to make as that user
    # @return [Object] the block's value
    def with_user(email, &block)
      use { RestClient::ZCRMRestClient.with_user(email, &block) }
    end

    # The token operations (generate_access_token, refresh_access_token, get_access_token,
    # revoke_refresh_token...) on this client's engine and store.
    # @return [ZCRMSDK::OAuthClient::ZohoOAuthClient]
    def oauth
      OAuthClient::ZohoOAuthClient.new(nil, engine: engine)
    end

    # Exchanges a grant token and stores the tokens in this client's store; returns them.
    # @param grant_token [String] the grant (authorization) code, valid once for minutes
    # @param accounts_server [String, nil] the `accounts-server` of Zoho's redirect (multi-DC apps)
    # @return [ZCRMSDK::OAuthClient::ZohoOAuthTokens]
    # @raise [ZCRMSDK::OAuthError] Zoho Accounts refused the grant (`code` says why)
    # @raise [ZCRMSDK::PersistenceError] the token store failed
    # @raise [ZCRMSDK::NetworkError] Zoho Accounts could not be reached
    def generate_access_token(grant_token, accounts_server: nil)
      use { oauth.generate_access_token(grant_token, accounts_server: accounts_server) }
    end

    # Forgets the metadata (modules, fields, layouts, related lists) this client cached, so
    # that the next reads ask Zoho: after changing the org's setup, for one. Returns nil.
    # @return [nil]
    def clear_metadata_cache
      engine.clear_metadata_cache
    end

    # The handler of this client's token store (get_oauth_tokens, save_oauth_tokens...).
    # @return [Object] the custom handler, or a built-in ZCRMSDK::Persistence handler
    def persistence
      handler = engine.configuration.handler_class
      handler ? handler.new : Persistence.handler_for(engine.settings['persistence'], engine: engine)
    end

    # @!method get_all_modules
    #   {ZCRMSDK::RestClient::ZCRMRestClient#get_all_modules} through this client.
    #   @return [ZCRMSDK::Response::BulkAPIResponse] `data` is an Array of ZCRMModule
    #   @raise [ZCRMSDK::ZCRMException] Zoho's error answer (an APIError subclass), or NetworkError,
    #     TimeoutError, ProtocolError
    #   @raise [ZCRMSDK::ZohoOAuthException] not configured, or no usable tokens for the current user
    # @!method get_module(module_api_name)
    #   {ZCRMSDK::RestClient::ZCRMRestClient#get_module} through this client.
    #   @param module_api_name [String]
    #   @return [ZCRMSDK::Response::APIResponse] `data` is the ZCRMModule
    #   @raise [ZCRMSDK::ValidationError] no module name given (nothing sent)
    #   @raise [ZCRMSDK::ZCRMException] Zoho's error answer (an APIError subclass), or NetworkError,
    #     TimeoutError, ProtocolError
    #   @raise [ZCRMSDK::ZohoOAuthException] not configured, or no usable tokens for the current user
    # @!method get_organization_details
    #   {ZCRMSDK::RestClient::ZCRMRestClient#get_organization_details} through this client.
    #   @return [ZCRMSDK::Response::APIResponse] `data` is the ZCRMOrganization
    #   @raise [ZCRMSDK::ZCRMException] Zoho's error answer (an APIError subclass), or NetworkError,
    #     TimeoutError, ProtocolError
    #   @raise [ZCRMSDK::ZohoOAuthException] not configured, or no usable tokens for the current user
    # @!method get_current_user
    #   {ZCRMSDK::RestClient::ZCRMRestClient#get_current_user} through this client.
    #   @return [ZCRMSDK::Response::BulkAPIResponse] `data` is a one-element Array of ZCRMUser
    #   @raise [ZCRMSDK::ZCRMException] Zoho's error answer (an APIError subclass), or NetworkError,
    #     TimeoutError, ProtocolError
    #   @raise [ZCRMSDK::ZohoOAuthException] not configured, or no usable tokens for the current user
    # @!method get_module_instance(module_api_name)
    #   A module object (nothing is fetched); call its methods inside {#use}.
    #   @param module_api_name [String]
    #   @return [ZCRMSDK::Operations::ZCRMModule]
    # @!method get_record_instance(module_api_name = nil, entity_id = nil)
    #   A record object (nothing is fetched); call its methods inside {#use}.
    #   @param module_api_name [String, nil]
    #   @param entity_id [String, Integer, nil]
    #   @return [ZCRMSDK::Operations::ZCRMRecord]
    # @!method get_organization_instance
    #   An organization object (nothing is fetched); call its methods inside {#use}.
    #   @return [ZCRMSDK::Org::ZCRMOrganization]
    %i[get_all_modules get_module get_organization_details get_current_user get_module_instance
       get_record_instance get_organization_instance].each do |name|
      define_method(name) do |*args|
        use { RestClient::ZCRMRestClient.get_instance.public_send(name, *args) }
      end
    end

    # ZCRMSDK.query through this client: the records are fetched, page by page, as the
    # Enumerator is consumed, each page with this client selected.
    # @param text [String] the COQL query, with `?` placeholders
    # @param values [Array<Object>] one value for each `?`
    # @param options [Hash{Symbol => Object}] per_page:, prefetch: (see {ZCRMSDK.query})
    # @yieldparam record [ZCRMSDK::Operations::ZCRMRecord]
    # @return [Enumerator<ZCRMSDK::Operations::ZCRMRecord>, ZCRMSDK::COQL::Query] the Query when given a block
    # @raise [ArgumentError] bad placeholders, values or options
    # @raise [ZCRMSDK::ValidationError] the query breaks Zoho's limits, before anything is sent
    # @raise [ZCRMSDK::ZCRMException] Zoho's error answer, or NetworkError, TimeoutError, ProtocolError
    def query(text, *values, **options, &block)
      return use { COQL.query(text, *values, **options, &block) } if block

      Enumerator.new { |records| use { COQL.query(text, *values, **options) { |record| records << record } } }
    end

    # ZCRMModule#sync through this client: ZCRMSDK::Sync for `module_name` from `checkpoint`,
    # run with the block, its requests made through this client.
    # @param module_name [String, ZCRMSDK::Operations::ZCRMModule] the module's API name (or the module)
    # @param checkpoint [ZCRMSDK::Sync::Checkpoint, Hash, String, nil] where the last run stopped
    #   (a Checkpoint, its `to_h` or its `to_json`); nil for everything
    # @param per_page [Integer] records per request, at most 200
    # @yieldparam change [ZCRMSDK::Operations::ZCRMRecord, ZCRMSDK::Operations::ZCRMTrashRecord]
    # @yieldparam checkpoint [ZCRMSDK::Sync::Checkpoint] to persist once the change is handled
    # @return [ZCRMSDK::Sync] run when given a block (its `checkpoint` is where a next run
    #   starts), else still to enumerate
    # @raise [ArgumentError] a checkpoint of another module, or one that cannot be read (see
    #   {ZCRMSDK::Sync#initialize})
    # @raise [ZCRMSDK::Sync::MissingTimeError] an answer without the time of a change
    # @raise [ZCRMSDK::ZCRMException] Zoho's error answers (APIError subclasses), NetworkError,
    #   TimeoutError, ProtocolError
    def sync(module_name, checkpoint = nil, per_page: Operations::Pagination::PER_PAGE, &block)
      run = use { Sync.new(module_name, checkpoint, per_page: per_page) }
      block ? run.each(&block) : run
    end

    # ZCRMModule#bulk_write through this client: the rows written to `module_name` by Bulk
    # Write jobs, waited for; the result reads outcomes through this client too.
    # @param module_name [String, ZCRMSDK::Operations::ZCRMModule] the module's API name (or the module)
    # @param rows [Enumerable<Hash, ZCRMSDK::Operations::ZCRMRecord>] read once, lazily
    # @param options [Hash{Symbol => Object}] operation:, find_by:, fields:, ignore_empty:, callback_url:,
    #   poll_interval:, wait_timeout:, rows_per_file:, org_id: (see {ZCRMSDK::BulkWrite#initialize})
    # @return [ZCRMSDK::BulkWrite::Result]
    # @raise [ArgumentError] no rows, a row that does not fit the columns, a bad option
    # @raise [ZCRMSDK::ZCRMException] Zoho's error answers, NetworkError, TimeoutError
    def bulk_write(module_name, rows, **options)
      use { BulkWrite.new(module_name, **options).run(rows) }
    end

    # ZCRMSDK::Notifications (channels: enable, update, channels, disable_events, disable,
    # renew) through this client:
    #
    #   eu.notifications.enable(channel_id: 1, events: ['Deals.all'], notify_url: url, token: token)
    #   eu.notifications.renew
    #
    # @return [ZCRMSDK::Notifications::ForClient]
    def notifications
      Notifications::ForClient.new(self)
    end

    # ZCRMModule#bulk_read through this client: the module's records exported by Zoho's Bulk
    # Read, yielded lazily, or written as CSV with `to:`.
    # @param module_name [String] the module's API name
    # @param to [String, Pathname, IO, nil] write the CSV there instead of yielding records
    # @param options [Hash{Symbol => Object}] see {ZCRMSDK::BulkRead#initialize}
    # @yieldparam record [ZCRMSDK::Operations::ZCRMRecord]
    # @return [Enumerator<ZCRMSDK::Operations::ZCRMRecord>, ZCRMSDK::BulkRead] the BulkRead when
    #   given a block or `to:`
    # @raise (see ZCRMSDK::Operations::ZCRMModule#bulk_read)
    def bulk_read(module_name, to: nil, **options, &block)
      use { Operations::ZCRMModule.get_instance(module_name).bulk_read(to: to, **options, &block) }
    end

    private

    def inspect_fields
      { current_user_email: current_user_email, configuration: configuration }
    end
  end

  # The default client: the process-wide engine and user that 1.0.x's globals set.
  #
  # @api private
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
