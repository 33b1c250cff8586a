# frozen_string_literal: true

require_relative 'bulk_read/job'
require_relative 'bulk_read/row'

module ZCRMSDK
  # Bulk Read (beyond 1.0.x): all the records of a module that match a query, exported by
  # Zoho as CSV files of up to 200,000 records, instead of read 200 at a time
  # (https://www.zoho.com/crm/developer/docs/api/v2/bulk-read/overview.html).
  #
  #   leads = ZCRMSDK::Operations::ZCRMModule.get_instance('Leads')
  #   leads.bulk_read(fields: %w[Last_Name Email], criteria: { api_name: 'Lead_Source', comparator: 'equal', value: 'Web' })
  #        .each { |lead| puts lead.field_data['Email'] }
  #   leads.bulk_read(to: 'leads.csv')
  #
  # For each page it creates a job, polls it (waiting `poll_interval` seconds, doubling up to
  # `max_poll_interval`) until Zoho completes it, downloads the zip to a temp file, and reads
  # the CSV inside in Rust, lazily; while Zoho says `more_records`, it goes on with the next
  # page. Memory stays flat whatever the number of records.
  class BulkRead
    include Enumerable

    # Rows read from the CSV per trip into the native reader.
    BATCH = 1_000
    DEFAULT_WAITING = { poll_interval: 2.0, max_poll_interval: 30.0, max_wait: 3_600.0 }.freeze

    # The ids of the jobs run so far, one per page.
    # @return [Array<String>]
    attr_reader :job_ids

    # Records read (by #each) or written (by #write_csv) so far.
    # @return [Integer]
    attr_reader :count

    # Nothing is sent before #each or #write_csv. The requests go through the client selected
    # on this thread when the BulkRead is made (`client.use`), else the default one.
    # @param module_api_name [String] e.g. 'Leads'
    # @param fields [Array<String>, nil] field API names (`Account_Name.Phone` follows a lookup); all when nil
    # @param criteria [Hash, nil] Zoho's criteria: `{api_name:, comparator:, value:}` or
    #   `{group_operator: 'and'|'or', group: [criteria...]}`; at most 25 comparisons
    # @param cvid [String, Integer, nil] a custom view whose records to export
    # @param page [Integer] the first page (of 200,000 records) to export
    # @param callback_url [String, nil] Zoho POSTs each job's details there when it completes
    # @param poll_interval [Numeric] seconds before the first look at a job, doubling after each
    # @param max_poll_interval [Numeric] the longest wait between two looks
    # @param max_wait [Numeric, nil] give up on a job after this many seconds (TimeoutError); nil waits on
    # @param job_id [String, Integer, nil] start from a job created earlier (the `job_id` of Zoho's
    #   callback) instead of creating one; later pages follow that job's own query
    # @raise [ArgumentError] a bad page or waiting option
    def initialize(module_api_name, fields: nil, criteria: nil, cvid: nil, page: 1, callback_url: nil,
                   poll_interval: DEFAULT_WAITING[:poll_interval], max_poll_interval: DEFAULT_WAITING[:max_poll_interval],
                   max_wait: DEFAULT_WAITING[:max_wait], job_id: nil)
      @module_api_name = module_api_name.to_s
      @job_id = job_id&.to_s
      @query = { module: @module_api_name, fields: fields, criteria: criteria, cvid: cvid,
                 callback_url: callback_url }.compact
      @first_page = BulkRead.positive!(:page, page, Integer)
      @waiting = { poll_interval: BulkRead.positive!(:poll_interval, poll_interval, Numeric, zero: true),
                   max_poll_interval: BulkRead.positive!(:max_poll_interval, max_poll_interval, Numeric, zero: true),
                   max_wait: max_wait && BulkRead.positive!(:max_wait, max_wait, Numeric, zero: true) }
      @client = Internal.selected_client
      @job_ids = []
      @count = 0
    end

    # Yields each record, page after page; an Enumerator without a block.
    # @yieldparam record [ZCRMSDK::Operations::ZCRMRecord]
    # @return [self, Enumerator<ZCRMSDK::Operations::ZCRMRecord>] self when given a block
    # @raise [ZCRMSDK::TimeoutError] a job was not completed within max_wait
    # @raise [ZCRMSDK::ServerError] Zoho reports a job FAILED (BULK_READ_FAILED)
    # @raise [ZCRMSDK::ValidationError] bad criteria or arguments (nothing sent)
    # @raise [ZCRMSDK::ZCRMException] Zoho's error answers, NetworkError, ProtocolError
    def each
      return enum_for(:each) unless block_given?

      each_job do |job|
        job.with_result_file do |zip|
          rows = Native::BulkReadResult.open(zip)
          while (batch = rows.next_rows(BATCH))
            batch.each do |row|
              @count += 1
              yield Row.record(@module_api_name, row)
            end
          end
        end
      end
      self
    end

    # Creates the first job and returns its id without waiting for it: for an app that takes
    # Zoho's callback (`callback_url:`) and reads the result when it comes, with
    # `BulkRead.new(module_api_name, job_id: params['job_id'])`.
    # @return [String] the job id
    # @raise [ZCRMSDK::ValidationError] bad criteria or arguments (nothing sent)
    # @raise [ZCRMSDK::ZCRMException] Zoho's error answers, NetworkError, TimeoutError, ProtocolError
    def start
      through_client { Job.new(@query.merge(page: @first_page), @waiting).create }
    end

    # Writes the records as one CSV (Zoho's columns, the header once) to `target`: a path
    # (String or Pathname, written to `<path>.part` and renamed when complete) or an IO
    # (anything with `write`). Returns self; #count is the number of records.
    # @param target [String, Pathname, IO]
    # @return [self]
    # @raise [ZCRMSDK::ValidationError] a target that is neither a path nor an IO (nothing sent)
    # @raise (see #each)
    def write_csv(target)
      target = target.to_path if !target.respond_to?(:write) && target.respond_to?(:to_path)
      return write_csv_to_path(target) if target.is_a?(String)
      unless target.respond_to?(:write)
        raise ValidationError.new('bulk_read', 400, "to: must be a file path or an IO, not #{target.class}", 'INVALID TARGET')
      end

      copy_each_page { |zip, later_page| Native::BulkReadResult.copy_csv(zip, target, later_page) }
    end

    # @api private
    def self.positive!(name, value, type, zero: false)
      valid = value.is_a?(type) && (zero ? value >= 0 : value.positive?)
      raise ArgumentError, "#{name} must be #{zero ? 'a number >= 0' : 'a positive Integer'}, not #{value.inspect}" unless valid

      value
    end

    private

    def each_job
      job = through_client { Job.new(@query.merge(page: @first_page), @waiting, id: @job_id).run }
      loop do
        @job_ids << job.id
        through_client { yield job }
        break unless job.more_records?

        query = job.next_page_query
        job = through_client { Job.new(query, @waiting).run }
      end
    end

    # Appended in Rust, page after page, to `<path>.part`, renamed over `path` once complete.
    def write_csv_to_path(path)
      partial = "#{path}.part"
      File.delete(partial) if File.exist?(partial)
      copy_each_page { |zip, later_page| Native::BulkReadResult.append_csv(zip, partial, later_page) }
      File.rename(partial, path)
      self
    ensure
      File.delete(partial) if partial && File.exist?(partial)
    end

    # Yields each page's result zip and whether it follows another page (its CSV header is
    # then left out).
    def copy_each_page
      each_job do |job|
        job.with_result_file do |zip|
          yield zip, job_ids.size > 1
          @count += job.result['count'].to_i
        end
      end
      self
    end

    def through_client(&block)
      @client ? @client.use(&block) : yield
    end
  end
end
