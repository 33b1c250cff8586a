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
    module Pagination
      # Zoho's maximum page size: the fewer requests (and API credits) the better.
      PER_PAGE = 200

      # One fetched page: its entities, and whether Zoho said more follow.
      Page = Struct.new(:entities, :more)
      LAST_PAGE = Page.new([].freeze, false).freeze

      module_function

      # Yields every entity of every page. `fetch_page` takes a page number and returns a
      # BulkAPIResponse whose `data` holds the mapped entities (what get_records and friends
      # return).
      #
      # @api private
      def each_entity(fetch_page, prefetch: true, &block)
        Walk.new(fetch_page, prefetch).each(&block)
      end

      # Page `number` of a list: `fetch_page` takes a page number and returns a
      # BulkAPIResponse. A 204 No Content or a 304 Not Modified is the empty LAST_PAGE.
      def fetch(fetch_page, number)
        response = Internal.expecting(NoContentError) { fetch_page.call(number) }
        entities = Array(response.data)
        entities.empty? ? LAST_PAGE : Page.new(entities, response.more_records?)
      rescue Utility::ZCRMException => e
        # 204 is how Zoho says "no (more) records": the end of the list, not a failure.
        raise unless e.status_code == 204

        LAST_PAGE
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
        def initialize(fetch_page, prefetch)
          @fetch_page = fetch_page
          @prefetch = prefetch
        end

        # @api private
        def each(&block)
          number = 1
          page = fetch(number)
          until page.nil?
            ahead = start_fetch(number + 1) if page.more
            page.entities.each(&block)
            page = ahead&.value
            ahead = nil
            number += 1
          end
        ensure
          # `ahead` is still set only when the caller stopped early, its block raised, or a
          # fetch failed: its thread must not outlive us.
          ahead&.stop
        end

        private

        # The fetch of page `number`: in the background, or (prefetch off) when its value is
        # asked for.
        def start_fetch(number)
          @prefetch ? Prefetch.new { fetch(number) } : Deferred.new { fetch(number) }
        end

        def fetch(number)
          Pagination.fetch(@fetch_page, number)
        end
      end

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
