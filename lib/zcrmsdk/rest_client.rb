# frozen_string_literal: true

module ZCRMSDK
  module RestClient
    # The entry point of 1.0.x code: `ZCRMRestClient.init(config)`, then
    # `ZCRMRestClient.get_instance.get_current_user` and friends.
    class ZCRMRestClient
      @current_user_email = nil

      class << self
        # Configures the gem (see "Configuration" in the README). Returns the ZohoOAuth
        # instance, as 1.0.x did. Raises ConfigurationError naming the key at fault.
        def init(config_details)
          OAuthClient::ZohoOAuth.get_instance(config_details)
        end

        def get_instance
          new
        end

        # The user API calls act as: the one set with `with_user` on this thread, else the
        # user of the ZCRMSDK::Client selected on this thread (`client.use`), else the
        # process-wide one (`current_user_email=` or the config key).
        def current_user_email
          user = Thread.current[:zcrmsdk_current_user_email]
          user ||= (client = Internal.selected_client) ? client.current_user_email : @current_user_email
          user&.dup
        end

        # The process-wide user, whatever is selected on this thread (the default client's).
        def default_user_email
          @current_user_email&.dup
        end

        def current_user_email=(current_user_email)
          @current_user_email = current_user_email&.to_s
        end

        # New: act as another user inside the block, on this thread only (multi-user apps,
        # Sidekiq jobs), instead of switching the process-wide user.
        def with_user(email)
          previous = Thread.current[:zcrmsdk_current_user_email]
          Thread.current[:zcrmsdk_current_user_email] = email.to_s
          yield
        ensure
          Thread.current[:zcrmsdk_current_user_email] = previous
        end
      end

      # A BulkAPIResponse whose `data` is an Array of ZCRMModule.
      def get_all_modules
        Operations::Support.list('modules.list', {}, 'modules') { |json| Mapping::Modules.from_api(json) }
      end

      def get_module(module_api_name)
        Operations::Support.require!(module_api_name, 'get_module', 'module api name must be given', 'NO MODULE API NAME PROVIDED')
        Operations::Support.one('modules.get', { 'module' => module_api_name.to_s }, 'modules') do |json|
          Mapping::Modules.from_api(json)
        end
      end

      def get_organization_instance
        Org::ZCRMOrganization.get_instance
      end

      def get_module_instance(module_api_name)
        Operations::ZCRMModule.get_instance(module_api_name)
      end

      def get_record_instance(module_api_name = nil, entity_id = nil)
        Operations::ZCRMRecord.get_instance(module_api_name, entity_id)
      end

      # A BulkAPIResponse whose `data` is a one-element Array of ZCRMUser (1.0.x returned a list).
      def get_current_user
        get_organization_instance.get_current_user
      end

      # An APIResponse whose `data` is the ZCRMOrganization.
      def get_organization_details
        Operations::Support.one('org.get', {}, 'org') { |json| Mapping::Organization.from_api(json) }
      end
    end
  end
end
