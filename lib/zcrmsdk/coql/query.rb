# frozen_string_literal: true

module ZCRMSDK
  module COQL
    # The records of one COQL query, fetched page by page with LIMIT/OFFSET as they are
    # consumed (see Operations::Pagination: one page ahead at most, `prefetch: false` for
    # strictly one request per page used).
    #
    # A LIMIT/OFFSET the query ends with is the caller's: OFFSET is where the walk starts and
    # LIMIT how many records it yields in all (more than one request's 200 if need be). The
    # walk stops at the last record, at the caller's LIMIT, or with a ValidationError
    # (LIMIT_EXCEEDED) when the next page would start at row 10,000, the deepest COQL reaches.
    class Query
      include Enumerable

      # A page not worth asking for: past the caller's LIMIT.
      NOTHING = Struct.new(:data) { def more_records? = false }.new([]).freeze

      attr_reader :statement, :per_page

      # Built by ZCRMSDK.query.
      # @api private
      def initialize(statement, per_page: Limits::MAX_LIMIT, prefetch: true)
        unless per_page.is_a?(Integer) && per_page.between?(1, Limits::MAX_LIMIT)
          raise ArgumentError, "per_page must be an Integer from 1 to #{Limits::MAX_LIMIT} " \
                               "(COQL's maximum LIMIT per request), got #{per_page.inspect}"
        end

        @statement = statement
        @per_page = per_page
        @prefetch = prefetch
      end

      # Runs the query, page by page, as the records are consumed.
      # @yieldparam record [ZCRMSDK::Operations::ZCRMRecord]
      # @return [Enumerator, self] self when given a block
      def each(&block)
        return enum_for(:each) unless block

        Operations::Pagination.each_entity(method(:fetch_page), prefetch: @prefetch, &block)
        self
      end

      # The text sent for page `number` (1-based), or nil when that page is past the caller's
      # LIMIT.
      # @api private
      def page_query(number)
        skipped = (number - 1) * per_page
        count = per_page
        count = [count, statement.limit - skipped].min if statement.limit
        return nil unless count.positive?

        from = (statement.offset || 0) + skipped
        past_the_end! if from >= Limits::MAX_ROWS
        statement.page(from, [count, Limits::MAX_ROWS - from].min)
      end

      private

      def fetch_page(number)
        text = page_query(number)
        return NOTHING if text.nil?

        Operations::Support.records('coql.query', { 'select_query' => text }, statement.module_name)
      end

      # Only reached when the page ending at row 10,000 said more records follow.
      def past_the_end!
        Limits.exceeded!("COQL reaches at most #{Limits::MAX_ROWS} rows of a query (OFFSET + LIMIT) and more " \
                         "records match after row #{Limits::MAX_ROWS}: narrow the WHERE clause (for example by Created_Time " \
                         'ranges) and query again, or export the module with Bulk Read')
      end
    end
  end
end
