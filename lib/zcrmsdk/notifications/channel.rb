# frozen_string_literal: true

require 'time'

module ZCRMSDK
  module Notifications
    # One notification channel as Zoho lists it: a `channel_id` watching one module. A channel
    # enabled for several modules comes back as one Channel per module, all with the same
    # channel_id, notify_url, token and expiry.
    #
    # `inspect` and `to_s` leave the token out: it is the secret your receiver checks.
    class Channel
      # @return [String] the channel's id (digits)
      attr_reader :channel_id
      # @return [String] the module's API name ('Deals')
      attr_reader :module_name
      # @return [Array<String>] what is watched on that module ('Deals.create', 'Deals.edit'...)
      attr_reader :events
      # @return [String] where Zoho POSTs the notifications
      attr_reader :notify_url
      # @return [String, nil] the value Zoho sends back in each notification
      attr_reader :token
      # @return [Time] when Zoho stops notifying
      attr_reader :expires_at
      # @return [String, nil] Zoho's id of the module
      attr_reader :resource_id
      # @return [String, nil] the module's API URL
      attr_reader :resource_uri

      # A channel from an entry of Zoho's listing (GET actions/watch).
      # @api private
      def self.from_listing(json)
        new(channel_id: json['channel_id'], module_name: json['resource_name'], events: json['events'],
            notify_url: json['notify_url'], token: json['token'], expires_at: json['channel_expiry'],
            resource_id: json['resource_id'], resource_uri: json['resource_uri'])
      end

      # A channel from an entry of an enable or update answer, completed with what was sent
      # (Zoho answers with the expiry and the module, not the events, URL or token).
      # @api private
      def self.from_answer(json, sent)
        module_name = json['resource_name']
        events = Array(sent['events']).select { |event| event.start_with?("#{module_name}.") }
        new(channel_id: json['channel_id'], module_name: module_name, events: events, notify_url: sent['notify_url'],
            token: sent['token'], expires_at: json['channel_expiry'], resource_id: json['resource_id'],
            resource_uri: json['resource_uri'])
      end

      # @param channel_id [String, Integer]
      # @param module_name [String]
      # @param events [Array<String>]
      # @param notify_url [String]
      # @param token [String, nil]
      # @param expires_at [Time, String] a Time, or Zoho's ISO 8601 text
      # @param resource_id [String, nil]
      # @param resource_uri [String, nil]
      def initialize(channel_id:, module_name:, events:, notify_url:, token:, expires_at:, resource_id: nil,
                     resource_uri: nil)
        @channel_id = channel_id.to_s
        @module_name = module_name
        @events = Array(events).map(&:to_s).freeze
        @notify_url = notify_url
        @token = token
        @expires_at = expires_at.is_a?(Time) ? expires_at : Time.iso8601(expires_at.to_s)
        @resource_id = resource_id&.to_s
        @resource_uri = resource_uri
      end

      # Whether Zoho stops notifying within `seconds` of `now`.
      # @param seconds [Numeric]
      # @param now [Time]
      # @return [Boolean]
      def expires_within?(seconds, now: Time.now)
        expires_at <= now + seconds
      end

      # @return [Hash{Symbol => Object}] the channel's attributes, token included
      def to_h
        { channel_id: channel_id, module_name: module_name, events: events, notify_url: notify_url, token: token,
          expires_at: expires_at, resource_id: resource_id, resource_uri: resource_uri }
      end

      # @param other [Object]
      # @return [Boolean] the same channel, module and settings
      def ==(other)
        other.is_a?(Channel) && to_h == other.to_h
      end

      # @return [String] without the token
      def inspect
        "#<#{self.class.name} #{channel_id} #{module_name} events=#{events.inspect} notify_url=" \
          "#{Secrets.filter_value(notify_url).inspect} expires_at=#{expires_at.iso8601}>"
      end
      alias to_s inspect
    end
  end
end
