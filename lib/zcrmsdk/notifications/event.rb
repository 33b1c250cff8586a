# frozen_string_literal: true

module ZCRMSDK
  module Notifications
    # One notification Zoho sent: records of a module that were inserted, updated or deleted
    # (the callback body of enable.html: server_time, query_params, module, resource_uri, ids,
    # affected_fields, operation, channel_id; the token is checked and not kept).
    class Event
      # Zoho's words for what happened to the records.
      OPERATIONS = %w[insert update delete].freeze

      # @return [String] the channel that sent it
      attr_reader :channel_id
      # @return [String] the module's API name ('Leads')
      attr_reader :module_name
      # @return [String] 'insert', 'update' or 'delete'
      attr_reader :operation
      # @return [Array<String>] the records' ids
      attr_reader :ids
      # @return [Hash{String => Array<String>}] for an update: record id → the fields it changed
      attr_reader :affected_fields
      # @return [Time] when Zoho sent it
      attr_reader :server_time
      # @return [String, nil] the module's API URL
      attr_reader :resource_uri
      # @return [Hash{String => String}] the query parameters of the notify URL
      attr_reader :query_params

      # An event from a callback body that Receiver checked; raises ArgumentError (naming the
      # key) when the body lacks what an event needs.
      # @param body [Hash{String => Object}] the parsed callback body
      # @return [ZCRMSDK::Notifications::Event]
      # @raise [ArgumentError] a missing or malformed key
      def self.from_callback(body)
        new(channel_id: body['channel_id'], module_name: body['module'], operation: body['operation'],
            ids: body['ids'], affected_fields: affected(body['affected_fields']),
            server_time: body['server_time'], resource_uri: body['resource_uri'], query_params: body['query_params'])
      end

      # The inverse of {#to_h}: for a job that received the event's Hash (ActiveJob, Sidekiq).
      # @param hash [Hash{String, Symbol => Object}]
      # @return [ZCRMSDK::Notifications::Event]
      def self.from_h(hash)
        hash = hash.transform_keys(&:to_s)
        new(**%w[channel_id module_name operation ids affected_fields server_time resource_uri query_params]
          .to_h { |key| [key.to_sym, hash[key]] })
      end

      # Zoho's `[{"<id>": [fields]}]` as one Hash.
      # @api private
      def self.affected(list)
        return {} if list.nil?
        raise ArgumentError, 'affected_fields must be a list' unless list.is_a?(Array)

        list.each_with_object({}) do |entry, all|
          raise ArgumentError, 'affected_fields must hold objects' unless entry.is_a?(Hash)

          entry.each { |id, fields| all[id.to_s] = Array(fields).map(&:to_s) }
        end
      end

      # @param channel_id [String, Integer]
      # @param module_name [String]
      # @param operation [String] 'insert', 'update' or 'delete'
      # @param ids [Array<String, Integer>]
      # @param server_time [Integer, Time] milliseconds since the epoch, or a Time
      # @param affected_fields [Hash{String => Array<String>}]
      # @param resource_uri [String, nil]
      # @param query_params [Hash{String => String}, nil]
      # @raise [ArgumentError] a missing or malformed attribute
      def initialize(channel_id:, module_name:, operation:, ids:, server_time:, affected_fields: {}, resource_uri: nil,
                     query_params: nil)
        @channel_id = required(channel_id, 'channel_id').to_s
        @module_name = text(module_name, 'module')
        @operation = text(operation, 'operation')
        raise ArgumentError, "operation must be one of #{OPERATIONS.join(', ')}" unless OPERATIONS.include?(@operation)

        @ids = list(ids)
        @server_time = time(server_time)
        @affected_fields = (affected_fields || {}).to_h.freeze
        @resource_uri = resource_uri
        @query_params = (query_params || {}).to_h.freeze
        freeze
      end

      # Plain values only (Strings, Integers, Arrays, Hashes), so a job queue can carry it;
      # {.from_h} reads it back.
      # @return [Hash{String => Object}]
      def to_h
        { 'channel_id' => channel_id, 'module_name' => module_name, 'operation' => operation, 'ids' => ids,
          'affected_fields' => affected_fields, 'server_time' => (server_time.to_r * 1000).to_i,
          'resource_uri' => resource_uri, 'query_params' => query_params }
      end

      # @param other [Object]
      # @return [Boolean]
      def ==(other)
        other.is_a?(Event) && to_h == other.to_h
      end

      # @return [String]
      def inspect
        "#<#{self.class.name} #{module_name} #{operation} #{ids.inspect} channel=#{channel_id} " \
          "server_time=#{server_time.utc.iso8601(3)}>"
      end

      private

      def required(value, key)
        raise ArgumentError, "the notification has no #{key}" if value.nil? || value.to_s.empty?

        value
      end

      def text(value, key)
        raise ArgumentError, "#{key} must be a String" unless value.is_a?(String) && !value.empty?

        value
      end

      def list(ids)
        ok = ids.is_a?(Array) && !ids.empty? && ids.all? { |id| id.is_a?(String) || id.is_a?(Integer) }
        raise ArgumentError, 'ids must be a non-empty list of record ids' unless ok

        ids.map(&:to_s).freeze
      end

      def time(value)
        return value if value.is_a?(Time)
        raise ArgumentError, 'server_time must be milliseconds since the epoch' unless value.is_a?(Integer)

        Time.at(Rational(value, 1000)).utc
      end
    end
  end
end
