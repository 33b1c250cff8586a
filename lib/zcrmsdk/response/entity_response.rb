# frozen_string_literal: true

module ZCRMSDK
  module Response
    # The outcome for one entity of a bulk write (`{"code","details","message","status"}`).
    # Per-entity errors never raise: callers inspect #status, as with 1.0.x.
    class EntityResponse
      attr_accessor :response_json, :code, :message, :status, :details, :data,
                    :upsert_action, :upsert_duplicate_field

      # 1.0.x's constructor, the same as `new`.
      # @param entity_response [Hash{String => Object}, nil] one element of the answer's `data`
      # @return [ZCRMSDK::Response::EntityResponse]
      def self.get_instance(entity_response)
        new(entity_response)
      end

      # @param entity_response [Hash{String => Object}, nil] one element of the answer's `data`
      def initialize(entity_response)
        json = entity_response || {}
        @response_json = json
        @code = json['code']
        @message = json['message']
        @status = json['status']
        @details = json['details']
        @data = nil
        @upsert_action = json['action']
        @upsert_duplicate_field = json['duplicate_field']
      end

      def success?
        status == 'success'
      end

      def error?
        status == 'error'
      end

      # A summary for logs and error trackers (no bodies, no secrets).
      # @return [Hash{Symbol => Object}]
      def to_h
        { status: status, code: code, message: message, details: details,
          upsert_action: upsert_action, upsert_duplicate_field: upsert_duplicate_field }.compact
      end

      # @return [String] a one-line summary
      def inspect
        "#<#{self.class.name} #{status} code=#{code.inspect} message=#{message.inspect} " \
          "data=#{Inspection.summarize(data)}>"
      end
    end
  end
end
