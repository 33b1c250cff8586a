# frozen_string_literal: true

module ZCRMSDK
  module WebOAuth
    # For a Rails controller (include it): the two actions of a "Connect Zoho" button.
    #
    #   class ZohoConnectionsController < ApplicationController
    #     include ZCRMSDK::WebOAuth::Controller
    #
    #     def new                     # GET /zoho/connect
    #       redirect_to zoho_authorization_url
    #     end
    #
    #     def create                  # GET /zoho/callback (your redirect URI)
    #       connection = complete_zoho_connection
    #       current_user.update!(zoho_email: connection.zoho_email)
    #       redirect_to root_path, notice: 'Zoho connected'
    #     rescue ZCRMSDK::WebOAuth::ConnectError => e
    #       redirect_to root_path, alert: e.message
    #     end
    #   end
    #
    # The signed-in user is `current_user.id`, the state secret derives from
    # `secret_key_base`, and used states are remembered in `Rails.cache` (shared by the app's
    # processes when the cache is: Redis, Memcached, a file store); override
    # `zoho_app_user_id` or `zoho_oauth_flow` to change these.
    module Controller
      private

      # Zoho's consent page for the signed-in user.
      def zoho_authorization_url
        zoho_oauth_flow.authorization_url(user_id: zoho_app_user_id)
      end

      # Finishes the connection from this request's query (see Flow#complete).
      def complete_zoho_connection
        zoho_oauth_flow.complete(request.query_parameters, user_id: zoho_app_user_id)
      end

      def zoho_oauth_flow
        @zoho_oauth_flow ||= Flow.new(secret: zoho_state_secret, used_states: UsedStates::Cache.new(::Rails.cache))
      end

      def zoho_app_user_id
        return current_user.id if respond_to?(:current_user, true) && current_user

        raise NotImplementedError, "#{self.class.name} has no signed-in current_user: define zoho_app_user_id " \
                                   "to return your app's id of the signed-in user"
      end

      # Derived, so that the state's key is not secret_key_base itself.
      def zoho_state_secret
        ::Rails.application.key_generator.generate_key('zcrmsdk web oauth state', 32)
      end
    end
  end
end
