# frozen_string_literal: true

module ZCRMSDK
  module Operations
    # Writes of more than 100 records (beyond 1.0.x): the engine of
    # ZCRMModule#create_records_in_batches and friends.
    #
    # Why new methods instead of lifting the limit of create_records & co: 1.0.x raised
    # MORE RECORDS PROVIDED for more than 100 records, and code written for it may rely on
    # that guard (to cap a write, or to catch a bug upstream). Those methods keep raising;
    # the *_in_batches methods split the list instead.
    #
    # Batches of 100 are sent one after another, in input order (not in parallel: Zoho limits
    # concurrent calls per org, and the order of the results must follow the input). Their
    # answers are merged into one BatchedResponse, shaped like the single-call answer.
    #
    # Per-record errors (a missing mandatory field, a duplicate...) are not exceptions, as in
    # a single call: they are EntityResponses with status 'error', in their input position.
    # A batch that fails as a whole (rate limit, network, server error) stops the run: its
    # exception is raised with its class unchanged, tagged with BatchFailure, which tells
    # which records that batch held and what the earlier batches already wrote.
    module Batching
      # Zoho's limit per insert, update, upsert or delete call.
      SIZE = 100

      module_function

      # Yields the items in slices of SIZE; each yield returns that slice's BulkAPIResponse.
      # `progress` (optional, responds to `call`) gets (items sent so far, items.size) after each
      # batch Zoho answered: per-record errors count as sent, a batch that failed as a whole
      # does not. An exception raised by `progress` stops the run and reaches the caller as it
      # is (the batches before it were written).
      #
      # @api private
      def run(items, progress: nil, &send)
        check_progress!(progress)
        done = []
        items.each_slice(SIZE).with_index do |batch, index|
          done << send_batch(batch, index * SIZE, items.size, done, &send)
          progress&.call(index * SIZE + batch.size, items.size)
        end
        BatchedResponse.new(done)
      end

      # One batch (starting at input index `first`); its failure is tagged with BatchFailure.
      #
      # @api private
      def send_batch(batch, first, item_count, done)
        yield(batch)
      rescue StandardError => e
        raise BatchFailure.tag(e, BatchedResponse.new(done), failed_range: first..(first + batch.size - 1),
                                                             item_count: item_count)
      end

      # @api private
      def check_progress!(progress)
        return if progress.nil? || progress.respond_to?(:call)

        raise ArgumentError, "progress: must respond to call (a lambda such as ->(done, total) { ... }), got #{progress.class}"
      end

      # The list argument as an Array; an empty one raises 1.0.x's NO RECORDS PROVIDED.
      #
      # @api private
      def records!(list, method_name, of: nil)
        items = Support.to_list(list)
        rule = Support::COUNT_RULES.fetch(:records)
        Support.invalid!(method_name, "#{rule.noun} must be at least 1", rule.none_code) if items.empty?
        of ? Support.entities!(items, of, method_name) : items
      end

      # Extends the exception of a batch that failed as a whole. The exception keeps its class
      # and readers (`rescue ZCRMSDK::RateLimitError` still catches it, `retry_after` still
      # answers); `rescue ZCRMSDK::Operations::Batching::BatchFailure` catches any of them.
      module BatchFailure
        # partial_response: a BatchedResponse of the batches sent before the failed one.
        # failed_range: indices, in the input list, of the failed batch's records (records
        # after it were not sent). After a timeout or a dropped connection, Zoho may or may not
        # have written the failed batch.
        attr_reader :partial_response, :failed_range, :item_count

        # @api private
        def self.tag(error, partial_response, failed_range:, item_count:)
          error.extend(self)
          error.instance_variable_set(:@partial_response, partial_response)
          error.instance_variable_set(:@failed_range, failed_range)
          error.instance_variable_set(:@item_count, item_count)
          error
        end

        # Exception#message calls to_s: both carry the batch context, e.g.
        # "... (batch 2 of 3, records[100..199], failed; records[0..99] were sent before it,
        # see #partial_response; records[200..249] were not sent)".
        def to_s
          "#{super} (batch #{batch_number} of #{batch_count}, #{span(failed_range.first, failed_range.last)}, " \
            "failed; #{sent_before}; #{not_sent})"
        end

        private

        def batch_number
          failed_range.first / SIZE + 1
        end

        def batch_count
          (item_count + SIZE - 1) / SIZE
        end

        def span(first, last)
          "records[#{first}..#{last}]"
        end

        def sent_before
          return 'nothing was sent before it' if failed_range.first.zero?

          "#{span(0, failed_range.first - 1)} were sent before it, see #partial_response"
        end

        def not_sent
          return 'no records follow it' if failed_range.last >= item_count - 1

          "#{span(failed_range.last + 1, item_count - 1)} were not sent"
        end
      end

      # The merged answer of several batches, shaped like the answer of one call:
      # `bulk_entity_response` holds every batch's EntityResponses in input order (successes
      # and per-record errors alike), `data` the batches' data joined (the records written).
      # `batch_responses` keeps each batch's own BulkAPIResponse, with its raw response and
      # headers.
      class BatchedResponse < Response::BulkAPIResponse
        attr_reader :batch_responses

        # Built from responses, not from one HTTP answer, so BulkAPIResponse's parsing
        # constructor is not used.
        def initialize(batch_responses) # rubocop:disable Lint/MissingSuper
          @batch_responses = batch_responses
          first = batch_responses.first
          @api_key = first&.api_key || 'data'
          @url = first&.url
          @status_code = merged_status_code
          @bulk_entity_response = batch_responses.flat_map(&:bulk_entity_response)
          @data = batch_responses.flat_map { |response| Array(response.data) }
          @response_json = { @api_key => @bulk_entity_response.map(&:response_json) }
          @response_headers = {}
          @response = nil
          @info = nil
        end

        # @return [String] a one-line summary
        def inspect
          summary = Response::Inspection
          "#<#{self.class.name} #{status_code || '-'} batches=#{batch_responses.size} data=#{summary.summarize(data)} " \
            "bulk_entity_response=#{summary.summarize(bulk_entity_response)}>"
        end

        private

        # The batches' common status (200, 201, 202...); 207 Multi-Status when they differ.
        def merged_status_code
          codes = batch_responses.map(&:status_code).uniq
          codes.size > 1 ? 207 : codes.first
        end
      end
    end
  end
end
