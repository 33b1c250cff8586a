# frozen_string_literal: true

module ZCRMSDK
  module Response
    # The answer about a list: one EntityResponse per element that carries a status
    # (writes), and the paging `info` (reads).
    class BulkAPIResponse < CommonAPIResponse
      attr_accessor :bulk_entity_response, :info

      # 1.0.x's constructor, the same as `new`.
      # @param response [ZCRMSDK::Internal::RawResponse, #body] the answer (1.0.x: a Net::HTTPResponse)
      # @param status_code [Integer] the HTTP status
      # @param url [String] the request URL
      # @param api_key [String, nil] the JSON envelope's key ('data', 'users'...)
      # @return [ZCRMSDK::Response::BulkAPIResponse]
      def self.get_instance(response, status_code, url, api_key = nil)
        new(response, status_code, url, api_key)
      end

      # @param response [ZCRMSDK::Internal::RawResponse, #body] the answer (1.0.x: a Net::HTTPResponse)
      # @param status_code [Integer] the HTTP status
      # @param url [String] the request URL
      # @param api_key [String, nil] the JSON envelope's key ('data', 'users'...)
      def initialize(response, status_code, url, api_key = nil)
        @bulk_entity_response = []
        super
        info_json = (record_page&.envelope || response_json)['info']
        @info = info_json.is_a?(Hash) ? ResponseInfo.get_instance(info_json) : nil
      end

      # Part of building the response (1.0.x's structure).
      # @api private
      def handle_faulty_responses
        raise_faulty_response
      end

      # Part of building the response (1.0.x's structure).
      # @api private
      def process_response_data
        return if record_page # holds no write results (RawResponse#read_records_lazily)

        entries = response_json[api_key]
        return unless entries.is_a?(Array)

        entries.each do |entry|
          @bulk_entity_response << EntityResponse.get_instance(entry) if write_result?(entry)
        end
      end

      def more_records?
        info ? info.more_records? : false
      end

      # A summary for logs and error trackers (no bodies, no secrets).
      # @return [Hash{Symbol => Object}]
      def to_h
        super.merge(info: info&.to_h, entities: bulk_entity_response.size).compact
      end

      # @return [String] a one-line summary
      def inspect
        "#<#{self.class.name} #{status_code} url=#{url.inspect} data=#{Inspection.summarize(data)} " \
          "bulk_entity_response=#{Inspection.summarize(bulk_entity_response)} info=#{info&.to_h.inspect}>"
      end

      private

      # 1.0.x took any element with a `status` key, so every user of a users list (whose
      # `status` is "active") became an EntityResponse too.
      def write_result?(entry)
        entry.is_a?(Hash) && WRITE_STATUSES.include?(entry['status'])
      end

      WRITE_STATUSES = %w[success error].freeze
      private_constant :WRITE_STATUSES
    end
  end
end
