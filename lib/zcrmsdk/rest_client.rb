# frozen_string_literal: true

module ZCRMSDK
  # 1.0.x's entry point, ZCRMRestClient.
  module RestClient
    # The entry point of 1.0.x code: `ZCRMRestClient.init(config)`, then
    # `ZCRMRestClient.get_instance.get_current_user` and friends.
    class ZCRMRestClient
      @current_user_email = nil

      class << self
        # Configures the gem (see "Configuration" in the README). Returns the ZohoOAuth
        # instance, as 1.0.x did.
        #
        # @param config_details [Hash{String, Symbol => Object}] 1.0.x's configuration keys
        #   (client_id, client_secret, redirect_uri, current_user_email, persistence_handler_class...)
        # @return [ZCRMSDK::OAuthClient::ZohoOAuth]
        # @raise [ZCRMSDK::ConfigurationError] a key is missing or wrong (`key` names it)
        def init(config_details)
          OAuthClient::ZohoOAuth.get_instance(config_details)
        end

        # A new client object; it holds no state, the configuration is global (or the
        # selected ZCRMSDK::Client's).
        # @return [ZCRMSDK::RestClient::ZCRMRestClient]
        def get_instance
          new
        end

        # The user API calls act as: the one set with `with_user` on this thread, else the
        # user of the ZCRMSDK::Client selected on this thread (`client.use`), else the
        # process-wide one (`current_user_email=` or the config key).
        # @return [String, nil]
        def current_user_email
          acting_user_email&.dup
        end

        # What #current_user_email returns, not copied: for the engine, which copies it.
        # @api private
        def acting_user_email
          Thread.current[:zcrmsdk_current_user_email] ||
            ((client = Internal.selected_client) ? client.current_user_email : @current_user_email)
        end

        # The process-wide user, whatever is selected on this thread (the default client's).
        # @return [String, nil]
        def default_user_email
          @current_user_email&.dup
        end

        # Sets the process-wide user (as 1.0.x did); prefer {with_user} in multi-user apps.
        # @param current_user_email [String, nil] the Zoho user's email
        # @return [String, nil]
        def current_user_email=(current_user_email)
          @current_user_email = current_user_email&.to_s
        end

        # New: act as another user inside the block, on this thread only (multi-user apps,
        # Sidekiq jobs), instead of switching the process-wide user.
        #
        #     ZCRMRestClient.with_user('sales@example.com') { ZCRMModule.get_instance('Leads').get_records }
        #
        # @param email [String] the user whose tokens the calls in the block use
        # @yield the calls to make as that user
        # @return [Object] the block's value
        def with_user(email)
          previous = Thread.current[:zcrmsdk_current_user_email]
          Thread.current[:zcrmsdk_current_user_email] = email.to_s
          yield
        ensure
          Thread.current[:zcrmsdk_current_user_email] = previous
        end
      end

      # All the CRM modules the current user can see.
      # @return [ZCRMSDK::Response::BulkAPIResponse] `data` is an Array of ZCRMModule
      # @raise [ZCRMSDK::ZCRMException] Zoho's error answer (an APIError subclass), or NetworkError,
      #   TimeoutError, ProtocolError
      # @raise [ZCRMSDK::ZohoOAuthException] before `init`/`configure` (NOT INITIALIZED), or no usable
      #   tokens for the current user (TokensNotFoundError, OAuthError)
      def get_all_modules
        Operations::Support.list('modules.list', {}, 'modules') { |json| Mapping::Modules.from_api(json) }
      end

      # One module's metadata.
      # @param module_api_name [String] e.g. 'Leads'
      # @return [ZCRMSDK::Response::APIResponse] `data` is the ZCRMModule
      # @raise [ZCRMSDK::ValidationError] no module name given (nothing sent)
      # @raise [ZCRMSDK::ZCRMException] Zoho's error answer (an APIError subclass), or NetworkError,
      #   TimeoutError, ProtocolError
      # @raise [ZCRMSDK::ZohoOAuthException] before `init`/`configure` (NOT INITIALIZED), or no usable
      #   tokens for the current user (TokensNotFoundError, OAuthError)
      def get_module(module_api_name)
        Operations::Support.require!(module_api_name, 'get_module', 'module api name must be given', 'NO MODULE API NAME PROVIDED')
        Operations::Support.one('modules.get', { 'module' => module_api_name.to_s }, 'modules') do |json|
          Mapping::Modules.from_api(json)
        end
      end

      # An organization object to call org-level operations on (nothing is fetched).
      # @return [ZCRMSDK::Org::ZCRMOrganization]
      def get_organization_instance
        Org::ZCRMOrganization.get_instance
      end

      # A module object to call record operations on (nothing is fetched).
      # @param module_api_name [String] e.g. 'Leads'
      # @return [ZCRMSDK::Operations::ZCRMModule]
      def get_module_instance(module_api_name)
        Operations::ZCRMModule.get_instance(module_api_name)
      end

      # A record object (nothing is fetched): with an id, to fetch, update or delete it;
      # without, to create it.
      # @param module_api_name [String, nil] e.g. 'Leads'
      # @param entity_id [String, Integer, nil] the record's id
      # @return [ZCRMSDK::Operations::ZCRMRecord]
      def get_record_instance(module_api_name = nil, entity_id = nil)
        Operations::ZCRMRecord.get_instance(module_api_name, entity_id)
      end

      # The user API calls act as.
      # @return [ZCRMSDK::Response::BulkAPIResponse] `data` is a one-element Array of ZCRMUser
      #   (1.0.x returned a list)
      # @raise [ZCRMSDK::ZCRMException] Zoho's error answer (an APIError subclass), or NetworkError,
      #   TimeoutError, ProtocolError
      # @raise [ZCRMSDK::ZohoOAuthException] before `init`/`configure` (NOT INITIALIZED), or no usable
      #   tokens for the current user (TokensNotFoundError, OAuthError)
      def get_current_user
        get_organization_instance.get_current_user
      end

      # The organization's details (name, currency, time zone, licence...).
      # @return [ZCRMSDK::Response::APIResponse] `data` is the ZCRMOrganization
      # @raise [ZCRMSDK::ZCRMException] Zoho's error answer (an APIError subclass), or NetworkError,
      #   TimeoutError, ProtocolError
      # @raise [ZCRMSDK::ZohoOAuthException] before `init`/`configure` (NOT INITIALIZED), or no usable
      #   tokens for the current user (TokensNotFoundError, OAuthError)
      def get_organization_details
        Operations::Support.one('org.get', {}, 'org') { |json| Mapping::Organization.from_api(json) }
      end
    end
  end
end
