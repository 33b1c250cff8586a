# frozen_string_literal: true

module ZCRMSDK
  # Events through ActiveSupport::Notifications, when it is loaded (Rails), one per HTTP
  # exchange, published with the exchange's real start and finish (the engine journals them;
  # they are published when the call returns to Ruby):
  #
  # * `request.zcrmsdk`: a CRM API request
  # * `token_refresh.zcrmsdk`: a token request at the accounts server; `grant_type` says
  #   whether it exchanged a grant ('authorization_code') or refreshed ('refresh_token')
  # * `oauth.zcrmsdk`: the user-info lookup after a grant exchange, a revocation
  #
  # Payload: method, url (never the query), status, duration_ms, attempt (0, then 1 for the
  # first retry of the same request in the call...), operation, request_id (when the answer
  # carried one), failure (when no answer came).
  #
  # `token_store.zcrmsdk` is instrumented around each call to a custom token store (store,
  # action, user).
  #
  # `metadata_cache.zcrmsdk` is published once per metadata read (modules, fields, layouts,
  # related lists) with `operation` and `outcome`: 'hit' (answered from memory, no request
  # and so no `request.zcrmsdk`), 'miss', 'revalidated' (a 304 kept the cached answer) or
  # 'refreshed' (the TTL was over and Zoho sent a new answer).
  module Instrumentation
    NAMES = { 'api' => 'request.zcrmsdk', 'token' => 'token_refresh.zcrmsdk', 'user_info' => 'oauth.zcrmsdk',
              'revoke' => 'oauth.zcrmsdk' }.freeze
    TOKEN_STORE = 'token_store.zcrmsdk'
    METADATA_CACHE = 'metadata_cache.zcrmsdk'
    # Published by calls that exchange a grant; any other token request is a refresh.
    GRANT_OPERATIONS = %w[generate_access_token].freeze

    module_function

    # @api private
    def enabled?
      defined?(ActiveSupport::Notifications) ? true : false
    end

    # @api private
    def publish(operation, records)
      return unless enabled?

      Array(records).each { |record| publish_exchange(operation.to_s, record) }
    end

    # Publishes `metadata_cache.zcrmsdk` for one metadata read (see above).
    #
    # @api private
    def metadata_cache(operation, outcome)
      return unless enabled?

      ActiveSupport::Notifications.instrument(METADATA_CACHE, operation: operation, outcome: outcome)
    end

    # Around a custom store's method, timed as it runs.
    #
    # @api private
    def token_store(store, action, user, &block)
      return yield unless enabled?

      ActiveSupport::Notifications.instrument(TOKEN_STORE, store: store, action: action, user: user, &block)
    end

    # @api private
    def publish_exchange(operation, record)
      name = NAMES.fetch(record[:exchange].to_s, 'request.zcrmsdk')
      started = Time.at(record[:started_at] || (Time.now.to_f - (record[:duration_ms].to_f / 1000)))
      finished = started + (record[:duration_ms].to_f / 1000)
      deliver(name, started, finished, payload(name, operation, record))
    end

    # @api private
    def payload(name, operation, record)
      payload = record.except(:started_at, :exchange).merge(operation: operation)
      return payload unless name == 'token_refresh.zcrmsdk'

      payload.merge(grant_type: GRANT_OPERATIONS.include?(operation) ? 'authorization_code' : 'refresh_token')
    end

    # ActiveSupport 7.1+ delivers a finished Event to every kind of subscriber; 6.1 delivers
    # `publish`'s five arguments to block subscribers and to subscriber objects that define
    # `publish` (ZCRMSDK's LogSubscriber does).
    #
    # @api private
    def deliver(name, started, finished, payload)
      notifications = ActiveSupport::Notifications
      id = notifications.instrumenter.id
      if notifications.respond_to?(:publish_event)
        notifications.publish_event(ActiveSupport::Notifications::Event.new(name, started, finished, id, payload))
      else
        notifications.publish(name, started, finished, id, payload)
      end
    end
  end
end
