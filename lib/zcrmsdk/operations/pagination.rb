# frozen_string_literal: true

module ZCRMSDK
  module Operations
    # Lazy, page-by-page enumeration of Zoho's paged lists (beyond 1.0.x): the engine of
    # ZCRMModule#each_record, #each_search_result, #each_deleted_record,
    # ZCRMRecord#each_related_record, #each_note, #each_attachment and
    # ZCRMOrganization#each_user, #each_note.
    #
    # * Pages are fetched when they are needed (page 1, 2, ...), following `info.more_records`.
    # * The list ends at a page without `more_records`, an empty page, a 204 No Content (what
    #   Zoho answers for an empty list) or a 304 Not Modified (`modified_since:`), so an empty
    #   module is an empty enumeration, not an exception.
    # * While the caller works on page n, page n+1 is fetched on a background Thread: the
    #   engine releases the GVL while it waits on the network, so the two really overlap.
    #   Never more than one page ahead, so memory stays at two pages and at most one request
    #   is spent on a page the caller may not want. `prefetch: false` turns this off (strictly
    #   one request per page consumed: `first(5)` then costs exactly one API credit).
    # * An exception raised while fetching page n+1 ahead of time reaches the caller when the
    #   caller gets to page n+1: not earlier (page n is yielded in full first), and never
    #   swallowed. It keeps its class (rescue ZCRMSDK::RateLimitError works as usual).
    # * Stopping early (`break`, `first(n)`, `take_while`, an exception in the block) kills the
    #   prefetch thread and waits for it to end, so no thread outlives the enumeration. Killing
    #   is safe: the request is a read, and the engine cancels an in-flight HTTP request when
    #   its thread is killed. Only an external enumeration (`enum.next`) abandoned half-way
    #   cannot be noticed; its prefetch thread then finishes its one request and ends.
    # * A module's record list goes as deep as Zoho lets the configured API version go
    #   (RecordListDepth): with v2 and v2.1, the first 2,000 records by `page`; with v3 and
    #   later, on by `info.next_page_token` up to 100,000. Past that the walk raises
    #   PaginationLimitError when it gets there (after the records Zoho did list).
    module Pagination
      # Zoho's maximum page size: the fewer requests (and API credits) the better.
      PER_PAGE = 200

      # One fetched page: its entities, whether Zoho said more follow, and the token of the
      # next page (API v3 and later).
      Page = Struct.new(:entities, :more, :next_token)
      LAST_PAGE = Page.new([].freeze, false, nil).freeze

      # Which page to ask for: its number, and the page_token that reaches it (if any).
      Cursor = Struct.new(:number, :token)

      module_function

      # Yields every entity of every page. `fetch_page` takes a page number and returns a
      # BulkAPIResponse whose `data` holds the mapped entities (what get_records and friends
      # return).
      #
      # @api private
      # `depth` says how to ask for each page and where the list ends (Unbounded: by number,
      # as deep as Zoho goes; RecordListDepth: a module's records).
      #
      # @api private
      def each_entity(fetch_page, prefetch: true, depth: Unbounded, &block)
        Walk.new(fetch_page, prefetch, depth).each(&block)
      end

      # One page of a list: `fetch_page` takes what `request` is (a page number, or the
      # keywords of RecordListDepth#request) and returns a BulkAPIResponse. A 204 No Content
      # or a 304 Not Modified is the empty LAST_PAGE.
      def fetch(fetch_page, request)
        response = Internal.expecting(NoContentError) { fetch_page.call(request) }
        entities = Array(response.data)
        entities.empty? ? LAST_PAGE : Page.new(entities, response.more_records?, next_token(response))
      rescue Utility::ZCRMException => e
        # 204 is how Zoho says "no (more) records": the end of the list, not a failure.
        raise unless e.status_code == 204

        LAST_PAGE
      end

      # `info.next_page_token` of a list answer (COQL's answers have no `info` reader).
      def next_token(response)
        response.respond_to?(:info) ? response.info&.next_page_token : nil
      end

      # Raises ArgumentError, as Ruby does for a method's own keywords, when `options` holds
      # Symbol keys other than `allowed`. String keys pass: they are request headers for the
      # methods that take them (see Support.split_list_options).
      #
      # @api private
      def check_keywords!(options, allowed)
        unknown = options.keys.grep(Symbol) - allowed
        return if unknown.empty?

        raise ArgumentError, "unknown keyword#{'s' if unknown.size > 1}: #{unknown.map(&:inspect).join(', ')}"
      end

      # Walks the pages of one list, one page ahead at most.
      #
      # @api private
      class Walk
        def initialize(fetch_page, prefetch, depth)
          @fetch_page = fetch_page
          @prefetch = prefetch
          @depth = depth
        end

        # @api private
        def each(&block)
          cursor = Cursor.new(1, nil)
          page = fetch(cursor)
          until page.nil?
            if page.more
              cursor = @depth.after(cursor, page)
              ahead = start_fetch(cursor)
            end
            page.entities.each(&block)
            page = ahead&.value
            ahead = nil
          end
        ensure
          # `ahead` is still set only when the caller stopped early, its block raised, or a
          # fetch failed: its thread must not outlive us.
          ahead&.stop
        end

        private

        # The fetch of the page at `cursor`: in the background, or (prefetch off) when its
        # value is asked for. A cursor past the list's depth is the error, raised then.
        def start_fetch(cursor)
          return Deferred.new { raise cursor } if cursor.is_a?(Exception)

          @prefetch ? Prefetch.new { fetch(cursor) } : Deferred.new { fetch(cursor) }
        end

        def fetch(cursor)
          Pagination.fetch(@fetch_page, @depth.request(cursor))
        end
      end

      # Lists Zoho pages by number with no documented end (search hits, related records,
      # notes, users, deleted records): `fetch_page` takes the page number.
      #
      # @api private
      module Unbounded
        module_function

        # @api private
        def request(cursor)
          cursor.number
        end

        # @api private
        def after(cursor, _page)
          Cursor.new(cursor.number + 1, nil)
        end
      end

      # A module's record list (ZCRMModule#each_record): `fetch_page` takes get_records'
      # `page:` or `page_token:` keyword. Pages go by number until an answer carries
      # `info.next_page_token` (Zoho sends them from API v3 on), then by token. How far `page`
      # reaches is Zoho's to say (its 400 DISCRETE_PAGINATION_LIMIT_EXCEEDED becomes a
      # PaginationLimitError); past the last token Zoho hands out nothing can be asked, so the
      # walk raises it itself, with the limit `token_limit` gives (the engine's rule for the
      # configured API version, zcrm-core's api::paging), read only then.
      #
      # @api private
      class RecordListDepth
        def initialize(module_api_name, &token_limit)
          @module_api_name = module_api_name
          @token_limit = token_limit
        end

        # @api private
        def request(cursor)
          cursor.token ? { page_token: cursor.token } : { page: cursor.number }
        end

        # The cursor of the page after `page`, or the PaginationLimitError to raise instead.
        # @api private
        def after(cursor, page)
          number = cursor.number + 1
          return Cursor.new(number, page.next_token) if page.next_token
          return Cursor.new(number, nil) if cursor.token.nil?

          tokens_ran_out
        end

        private

        def tokens_ran_out
          limit = @token_limit.call
          message = "#{@module_api_name}: more records follow, but Zoho gave no page_token for them: it lists " \
                    "at most #{limit} records of a module with page_token."
          PaginationLimitError.new('each_record', nil, message, PAGINATION_LIMIT_CODE, { 'limit' => limit })
        end
      end
      PAGINATION_LIMIT_CODE = Native::PAGINATION_LIMIT_CODE

      # A page being fetched on its own Thread, as the user the caller is acting as.
      #
      # @api private
      class Prefetch
        def initialize(&fetch)
          user = Prefetch.current_user
          client = Internal.selected_client
          @thread = Thread.new do
            # Its exception is re-raised by #value in the caller's thread; Ruby's own
            # "terminated with exception" report on stderr would only be noise.
            Thread.current.report_on_exception = false
            Prefetch.through(client) { Prefetch.acting_as(user, &fetch) }
          end
        end

        # The fetched page; raises the fetch's exception here, in the caller's thread.
        def value
          @thread.value
        end

        # @api private
        def stop
          @thread.kill
          @thread.join
        rescue StandardError
          # join re-raises a fetch error; nobody wants that page any more.
          nil
        end

        # ZCRMRestClient.with_user sets the user for the current thread only; a new Thread
        # would fall back to the process-wide user.
        def self.current_user
          RestClient::ZCRMRestClient.current_user_email if defined?(RestClient::ZCRMRestClient)
        end

        # @api private
        def self.acting_as(user, &block)
          user.nil? ? yield : RestClient::ZCRMRestClient.with_user(user, &block)
        end

        # The ZCRMSDK::Client selected on the caller's thread, selected on this one too.
        def self.through(client, &block)
          client.nil? ? yield : Internal.using(client, &block)
        end
      end

      # Same interface as Prefetch, without the Thread: nothing is fetched until #value.
      #
      # @api private
      class Deferred
        def initialize(&fetch)
          @fetch = fetch
        end

        # @api private
        def value
          @fetch.call
        end

        # @api private
        def stop; end
      end
    end
  end
end
