# frozen_string_literal: true

module ZCRMSDK
  module Response
    # The `info` object of a list answer: paging state.
    class ResponseInfo
      attr_reader :is_more_records, :page, :per_page, :count,
                  # API v3 and later: the token of the next page (nil on the last one, and
                  # past the 100,000th record), of the previous one, and when they expire.
                  :next_page_token, :previous_page_token, :page_token_expiry

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
        @next_page_token = info['next_page_token']
        @previous_page_token = info['previous_page_token']
        @page_token_expiry = info['page_token_expiry']
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
