# frozen_string_literal: true

require_relative 'sync/checkpoint'

module ZCRMSDK
  # Incremental sync of one module (beyond 1.0.x): the records created or updated since a
  # checkpoint, then the records deleted since it, each change yielded with the checkpoint to
  # persist once the change is handled.
  #
  #   sync = ZCRMSDK::Sync.new('Leads', ZCRMSDK::Sync::Checkpoint.parse(saved))
  #   sync.each do |change, checkpoint|
  #     case change
  #     when ZCRMSDK::Operations::ZCRMRecord then upsert_row(change)
  #     when ZCRMSDK::Operations::ZCRMTrashRecord then delete_row(change.id)
  #     end
  #     save(checkpoint.to_json)
  #   end
  #
  # `sync.checkpoint` is always the checkpoint after the last change whose block returned:
  # an exception in the block, Ctrl-C or a Zoho failure leaves it there, and a run resumed
  # from it skips nothing and yields again at most the change that was being handled.
  #
  # How (Zoho's pages are positions in a list, its times whole seconds):
  #
  # * Records: `GET /{module}` with If-Modified-Since and sort_by=Modified_Time, sort_order=asc
  #   (https://www.zoho.com/crm/developer/docs/api/v2/get-records.html). Every page is asked
  #   as page 1 of the window that starts one second before the checkpoint's time, so a
  #   record modified meanwhile moves to the end of the window instead of shifting the pages
  #   under us; the ids the checkpoint holds for its own second are skipped. Only when a whole
  #   page shares the checkpoint's second (more ties than a page holds) does the walk go on to
  #   page 2, 3... of the same window.
  # * Deletions: `GET /{module}/deleted?type=all` with If-Modified-Since
  #   (https://www.zoho.com/crm/developer/docs/api/v2/get-deleted-records.html). Zoho documents
  #   no order for that list, so the window is read in full, then handled oldest deleted_time
  #   first (ids break ties); entries are small.
  # * The time sent is one second before the checkpoint's, so the window is inclusive whether
  #   Zoho compares with > or >=.
  #
  # Known limits: Zoho's times have one-second resolution, so a record changed again within
  # the second in which a sync already handled it is seen again only when it next changes;
  # and within more ties than a page holds, a record of that second deleted or modified
  # while the walk is on its later pages shifts Zoho's positions by one.
  class Sync
    include Enumerable

    # The checkpoint after the last change whose block returned (the one given to `new` until
    # then): where a next run starts.
    # @return [ZCRMSDK::Sync::Checkpoint]
    attr_reader :checkpoint

    # `zoho_module`: a module API name or a ZCRMModule; `checkpoint`: a Checkpoint, its Hash
    # or JSON String, or nil to start from the beginning. The ZCRMSDK::Client selected on
    # this thread (`client.use`) is the one the run's requests go through. Nothing is sent
    # before #each.
    # @param zoho_module [String, ZCRMSDK::Operations::ZCRMModule] the module to sync
    # @param checkpoint [ZCRMSDK::Sync::Checkpoint, Hash, String, nil] where the last run stopped
    #   (a Checkpoint, its `to_h` or its `to_json`); nil for everything
    # @param per_page [Integer] records per request, at most 200
    # @raise [ArgumentError] the checkpoint is another module's, has an unknown version or a
    #   time that is not ISO-8601
    # @raise [KeyError] a checkpoint Hash (or JSON) without its "module"
    # @raise [JSON::ParserError] a checkpoint String that is not JSON
    def initialize(zoho_module, checkpoint = nil, per_page: Operations::Pagination::PER_PAGE)
      @zoho_module = zoho_module.is_a?(String) ? Operations::ZCRMModule.get_instance(zoho_module) : zoho_module
      @checkpoint = Sync.checkpoint(checkpoint, @zoho_module.api_name)
      @per_page = per_page
      @client = Internal.selected_client
    end

    # Yields each change and the checkpoint after it; returns self. An Enumerator without a
    # block. The requests go through the client selected when the Sync was made.
    # @yieldparam change [ZCRMSDK::Operations::ZCRMRecord, ZCRMSDK::Operations::ZCRMTrashRecord]
    #   a record created or updated, then a deleted record
    # @yieldparam checkpoint [ZCRMSDK::Sync::Checkpoint] to persist once the change is handled
    # @return [self, Enumerator] self when given a block
    # @raise [ZCRMSDK::Sync::MissingTimeError] an answer lacks a record's Modified_Time or an
    #   entry's deleted_time
    # @raise [ZCRMSDK::ZCRMException] Zoho's error answers (APIError subclasses), NetworkError,
    #   TimeoutError, ProtocolError
    def each(&block)
      return enum_for(:each) unless block

      through_client do
        each_modified_record { |record, after| deliver(record, after, &block) }
        each_deleted_record { |trash, after| deliver(trash, after, &block) }
      end
      self
    end

    # The module's API name and the current checkpoint.
    # @return [String]
    def inspect
      "#<#{self.class.name} #{@zoho_module.api_name} #{checkpoint.inspect}>"
    end

    # `value` (what `new` takes as a checkpoint) as a Checkpoint of `module_name`.
    # @param value [ZCRMSDK::Sync::Checkpoint, Hash, String, nil]
    # @param module_name [String]
    # @return [ZCRMSDK::Sync::Checkpoint]
    # @raise [ArgumentError] another module's checkpoint, or one Checkpoint cannot read
    # @api private
    def self.checkpoint(value, module_name)
      checkpoint = case value
                   when nil then Checkpoint.new(module_name)
                   when Checkpoint then value
                   when String then Checkpoint.parse(value)
                   else Checkpoint.from_h(value)
                   end
      return checkpoint if checkpoint.module_name == module_name

      raise ArgumentError, "the checkpoint is #{checkpoint.module_name}'s, not #{module_name}'s"
    end

    # Raised when an answer lacks the time a change is ordered by.
    class MissingTimeError < StandardError; end

    # A Zoho time from an answer (Modified_Time, deleted_time).
    # @param value [Time, String, nil]
    # @param what [String] the field's name, for the error message
    # @return [Time]
    # @raise [ZCRMSDK::Sync::MissingTimeError] `value` is nil
    # @raise [ArgumentError] `value` is not an ISO-8601 time
    # @api private
    def self.zoho_time(value, what)
      raise MissingTimeError, "Zoho's answer has no #{what}: the sync cannot place the change" if value.nil?

      Checkpoint.time(value)
    end

    private

    def deliver(change, after)
      yield change, after
      @checkpoint = after
    end

    def each_modified_record
      window = checkpoint.modified_since
      page_number = 1
      loop do
        page = records_page(window, page_number)
        page.entities.each do |record|
          id = record.entity_id.to_s
          time = Sync.zoho_time(record.modified_time, 'Modified_Time')
          yield record, checkpoint.after_modified(id, time) unless checkpoint.modified?(id, time)
        end
        break unless page.more

        page_number = checkpoint.modified_since == window ? page_number + 1 : 1
        window = checkpoint.modified_since
      end
    end

    def records_page(window, page_number)
      fetch = lambda do |number|
        @zoho_module.get_records(modified_since: window && (window - 1), sort_by: 'Modified_Time', sort_order: 'asc',
                                 page: number, per_page: @per_page)
      end
      Operations::Pagination.fetch(fetch, page_number)
    end

    def each_deleted_record
      since = checkpoint.deleted_since
      trash = @zoho_module.each_deleted_record(modified_since: since && (since - 1), per_page: @per_page).map do |entry|
        [Sync.zoho_time(entry.deleted_time, 'deleted_time'), entry.id.to_s, entry]
      end
      trash.sort_by { |time, id, _| [time, id] }.each do |time, id, entry|
        yield entry, checkpoint.after_deleted(id, time) unless checkpoint.deleted?(id, time)
      end
    end

    def through_client(&block)
      @client.nil? ? yield : Internal.using(@client, &block)
    end
  end
end
