# frozen_string_literal: true

require 'tmpdir'
require_relative 'bulk_write/rows'
require_relative 'bulk_write/files'
require_relative 'bulk_write/outcome'
require_relative 'bulk_write/job'
require_relative 'bulk_write/result'

module ZCRMSDK
  # Bulk Write (beyond 1.0.x): any number of rows inserted, updated or upserted through
  # Zoho's import jobs (https://www.zoho.com/crm/developer/docs/api/v2/bulk-write/overview.html).
  #
  #   result = ZCRMSDK::BulkWrite.new('Leads').run(rows)       # rows: any Enumerable of Hash or ZCRMRecord
  #   result.added_count
  #   result.each { |outcome| puts "#{outcome.index}: #{outcome.status} #{outcome.record_id}" }
  #
  # The rows are read once, as they come: every 25,000 (Zoho's limit per file) become a CSV
  # zipped by the engine as it is written, uploaded to the data centre's content host with
  # the `feature: bulk-write` and `X-CRM-ORG` headers, and a job is created on it. #run then
  # polls each job until Zoho completes it; the Result reads each job's result file when
  # enumerated. ZCRMModule#bulk_write and Client#bulk_write are the short ways in.
  class BulkWrite
    # Sending the rows failed after some files were already imported by jobs, which Zoho runs
    # to the end: `jobs` are those (#wait gives their Result), `cause` what failed.
    class PartiallySubmittedError < StandardError
      # @return [Array<ZCRMSDK::BulkWrite::Job>] the jobs created before the failure
      attr_reader :jobs

      # @param jobs [Array<ZCRMSDK::BulkWrite::Job>]
      # @param failure [Exception]
      def initialize(jobs, failure)
        @jobs = jobs
        rows = jobs.sum(&:row_count)
        super("#{failure.message} (after #{jobs.size} job(s) holding the first #{rows} rows were created: " \
              "Zoho imports those whatever happens now; their ids: #{jobs.map(&:id).join(', ')}; " \
              'BulkWrite#wait(error.jobs) gives their ' \
              "outcomes, and rows from index #{rows} on were not sent)")
      end
    end

    # wait_timeout passed before Zoho completed every job; they go on at Zoho: `jobs` are all
    # of them (#wait(error.jobs) waits again), `pending` those not completed.
    class WaitTimeoutError < StandardError
      # @return [Array<ZCRMSDK::BulkWrite::Job>] every job of the bulk write
      attr_reader :jobs
      # @return [Array<ZCRMSDK::BulkWrite::Job>] the jobs not completed yet
      attr_reader :pending

      # @param jobs [Array<ZCRMSDK::BulkWrite::Job>]
      # @param pending [Array<ZCRMSDK::BulkWrite::Job>]
      # @param seconds [Numeric]
      def initialize(jobs, pending, seconds)
        @jobs = jobs
        @pending = pending
        super("#{pending.size} of #{jobs.size} bulk write job(s) still running after #{seconds} s (wait_timeout); " \
              "Zoho goes on with them: #{pending.map { |job| "#{job.id} #{job.status}" }.join(', ')}. " \
              'BulkWrite#wait(error.jobs) waits again')
      end
    end

    # Zoho's limit of rows per uploaded file (upload-file.html).
    ROWS_PER_FILE = 25_000
    # Rows handed to the engine at once: small enough to keep memory flat.
    BATCH = 1_000
    OPERATIONS = %i[insert update upsert].freeze

    # @return [String] the module's API name
    attr_reader :module_name
    # @return [Symbol] :insert, :update or :upsert
    attr_reader :operation

    # @param module_name [String, ZCRMSDK::Operations::ZCRMModule] the module's API name (or the module)
    # @param operation [Symbol, String] :insert, :update or :upsert
    # @param find_by [String, Symbol, nil] how update and upsert find records: 'id' or a unique
    #   field's API name, one of the columns; update defaults to 'id'
    # @param fields [Array<String, Symbol>, nil] the columns, in order; nil: the first row's keys
    # @param ignore_empty [Boolean] empty cells leave fields as they are instead of clearing them
    # @param callback_url [String, nil] Zoho posts each job's details there when it completes
    # @param poll_interval [Numeric] seconds between job status reads while #run waits
    # @param wait_timeout [Numeric, nil] seconds #run and #wait wait for the jobs at most (nil: no limit)
    # @param rows_per_file [Integer] rows per job, at most 25,000
    # @param org_id [String, Integer, nil] the org's zgid (X-CRM-ORG); nil: read from the org API once
    # @raise [ArgumentError] an unknown operation, a bad option
    def initialize(module_name, operation: :insert, find_by: nil, fields: nil, ignore_empty: false,
                   callback_url: nil, poll_interval: 5, wait_timeout: nil, rows_per_file: ROWS_PER_FILE, org_id: nil)
      @module_name = module_name.respond_to?(:api_name) ? module_name.api_name.to_s : module_name.to_s
      @operation = checked_operation(operation)
      @find_by = find_by&.to_s || (@operation == :update ? 'id' : nil)
      @fields = fields
      @options = { 'ignore_empty' => ignore_empty ? true : nil, 'callback_url' => callback_url }.compact
      @poll_interval = checked_interval(poll_interval)
      @wait_timeout = wait_timeout && checked_interval(wait_timeout)
      @rows_per_file = checked_rows_per_file(rows_per_file)
      @org_id = org_id&.to_s
      @client = Internal.selected_client
    end

    # Sends the rows and waits until Zoho has processed all of them.
    # @param rows [Enumerable<Hash, ZCRMSDK::Operations::ZCRMRecord>] read once, lazily
    # @return [ZCRMSDK::BulkWrite::Result]
    # @raise [ArgumentError] no rows, or a row that does not fit the columns
    # @raise [ZCRMSDK::ValidationError] a job Zoho's rules refuse before anything is sent (find_by not a column...)
    # @raise [ZCRMSDK::ZCRMException] Zoho's error answers, NetworkError, TimeoutError
    def run(rows)
      wait(submit(rows))
    end

    # Uploads the rows and creates their jobs, without waiting for them.
    # @param rows [Enumerable<Hash, ZCRMSDK::Operations::ZCRMRecord>] read once, lazily
    # @return [Array<ZCRMSDK::BulkWrite::Job>] one a file, in row order
    # @raise (see #run)
    def submit(rows)
      raise ArgumentError, "bulk_write takes an Enumerable of rows, not #{rows.class}" unless rows.respond_to?(:each)

      Dir.mktmpdir('zcrmsdk-bulk-write') { |dir| write_files(rows, dir) }
    end

    # Polls the jobs until each is completed, sleeping poll_interval between rounds.
    # @param jobs [Array<ZCRMSDK::BulkWrite::Job>]
    # @return [ZCRMSDK::BulkWrite::Result]
    # @raise [ZCRMSDK::BulkWrite::WaitTimeoutError] wait_timeout passed with jobs still running
    # @raise [ZCRMSDK::ZCRMException] Zoho's error answers, NetworkError, TimeoutError
    def wait(jobs)
      give_up_at = @wait_timeout && (monotonic_now + @wait_timeout)
      pending = jobs.reject(&:completed?)
      loop do
        pending = pending.reject { |job| job.refresh.completed? }
        break if pending.empty?
        if give_up_at && monotonic_now + @poll_interval > give_up_at
          raise WaitTimeoutError.new(jobs, pending, @wait_timeout)
        end

        sleep(@poll_interval)
      end
      Result.new(jobs)
    end

    # Runs the block with the client this bulk write was made under selected.
    # @api private
    def within(&block)
      @client ? @client.use(&block) : yield
    end

    # The outcomes of the result file at `url`, as the engine reads them.
    # @api private
    def read_result(url)
      Dir.mktmpdir('zcrmsdk-bulk-write') do |dir|
        path = File.join(dir, 'result.zip')
        Internal.download('bulk_write.download_result', { 'download_url' => url }, path)
        Internal.engine!.invoke(:bulk_write_outcomes, path, operation: 'bulk_write.read_result')
      end
    end

    private

    # Streams the rows into files of rows_per_file, each uploaded and given a job as soon as
    # it is full.
    def write_files(rows, dir)
      columns = Rows.new(@fields)
      jobs = []
      files = Files.new(dir, "#{module_name}.csv", @rows_per_file) do |path, first_index, count|
        jobs << Job.new(self, create_job(upload(path), columns.columns), first_index, count)
      end
      begin
        rows.each_with_index { |row, index| files.add(columns.cells(row, index), columns.columns) }
        files.close
      rescue StandardError => e
        raise if jobs.empty?

        raise PartiallySubmittedError.new(jobs, e)
      end
      raise ArgumentError, 'bulk_write got no rows: there is nothing to write' if jobs.empty?

      jobs
    end

    # The file's id on Zoho's content host.
    def upload(path)
      within do
        answer = Internal.call('bulk_write.upload', 'file' => path, 'org_id' => org_id).json
        answer.dig('details', 'file_id').to_s
      end
    end

    # The new job's id.
    def create_job(file_id, columns)
      args = { 'operation' => operation.to_s, 'module' => module_name, 'file_id' => file_id,
               'columns' => columns, 'find_by' => @find_by }.compact.merge(@options)
      within { Internal.call('bulk_write.create_job', args).json.dig('details', 'id').to_s }
    end

    # The org's zgid, which uploads name in X-CRM-ORG.
    def org_id
      @org_id ||= within do
        org = Array(Internal.call('org.get').json['org']).first || {}
        zgid = org['zgid']
        raise ArgumentError, 'the org API answered no zgid, which uploads name in X-CRM-ORG: pass org_id:' unless zgid

        zgid.to_s
      end
    end

    def monotonic_now
      Process.clock_gettime(Process::CLOCK_MONOTONIC)
    end

    def checked_operation(operation)
      symbol = operation.to_s.downcase.to_sym
      return symbol if OPERATIONS.include?(symbol)

      raise ArgumentError, "operation must be one of #{OPERATIONS.join(', ')}, not #{operation.inspect}"
    end

    def checked_interval(seconds)
      return seconds if seconds.is_a?(Numeric) && seconds >= 0

      raise ArgumentError, "poll_interval and wait_timeout are numbers of seconds >= 0, not #{seconds.inspect}"
    end

    def checked_rows_per_file(count)
      return count if count.is_a?(Integer) && count.between?(1, ROWS_PER_FILE)

      raise ArgumentError, "rows_per_file must be an Integer from 1 to #{ROWS_PER_FILE} (Zoho's limit per file), " \
                           "not #{count.inspect}"
    end
  end
end
