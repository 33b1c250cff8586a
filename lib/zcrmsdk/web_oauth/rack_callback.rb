# frozen_string_literal: true

require 'uri'

module ZCRMSDK
  module WebOAuth
    # A Rack endpoint for the redirect URI (any Rack app; in Rails, `mount` it in routes).
    # It finishes the connection and hands the outcome to your code, which answers:
    #
    #   ZCRMSDK::WebOAuth::RackCallback.new(
    #     flow,
    #     user_id: ->(env) { env['rack.session'][:user_id] },
    #     on_success: ->(env, connection) { [303, { 'Location' => '/' }, []] },
    #     on_failure: ->(env, error) { [303, { 'Location' => "/?zoho=#{error.reason}" }, []] }
    #   )
    class RackCallback
      # @param flow [ZCRMSDK::WebOAuth::Flow]
      # @param user_id [#call] env -> your app's id of the signed-in user
      # @param on_success [#call] (env, Connection) -> a Rack response
      # @param on_failure [#call] (env, ConnectError) -> a Rack response
      def initialize(flow, user_id:, on_success:, on_failure:)
        @flow = flow
        @user_id = user_id
        @on_success = on_success
        @on_failure = on_failure
      end

      # The Rack entry point: completes the connection and calls on_success, or on_failure
      # with the ConnectError.
      # @param env [Hash{String => Object}] the Rack environment
      # @return [Array(Integer, Hash, #each)] what on_success or on_failure returned
      def call(env)
        params = URI.decode_www_form(env['QUERY_STRING'].to_s).to_h
        connection = @flow.complete(params, user_id: @user_id.call(env))
        @on_success.call(env, connection)
      rescue ConnectError => e
        @on_failure.call(env, e)
      end
    end
  end
end
