# frozen_string_literal: true

module ZCRMSDK
  module Response
    # The `info` object of a list answer: paging state.
    class ResponseInfo
      attr_reader :is_more_records, :page, :per_page, :count

      # 1.0.x's constructor, the same as `new`.
      # @param response_info_json [Hash{String => Object}, nil] the answer's `info`
      # @return [ZCRMSDK::Response::ResponseInfo]
      def self.get_instance(response_info_json)
        new(response_info_json)
      end

      # @param response_info_json [Hash{String => Object}, nil] the answer's `info`
      def initialize(response_info_json)
        info = response_info_json || {}
        @is_more_records = info['more_records'] == true
        @page = info['page'].to_i
        @per_page = info['per_page'].to_i
        @count = info['count'].to_i
      end

      def more_records?
        is_more_records
      end

      # A summary for logs and error trackers (no bodies, no secrets).
      # @return [Hash{Symbol => Object}]
      def to_h
        { more_records: is_more_records, page: page, per_page: per_page, count: count }
      end

      # @return [String] a one-line summary
      def inspect
        "#<#{self.class.name} page=#{page} per_page=#{per_page} count=#{count} more_records=#{is_more_records}>"
      end
    end
  end
end
