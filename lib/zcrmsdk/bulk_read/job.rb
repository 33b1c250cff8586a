# frozen_string_literal: true

require 'tmpdir'

module ZCRMSDK
  class BulkRead
    # One Bulk Read job, i.e. one result page of up to 200,000 records: created, waited for,
    # its zip downloaded to a temp file.
    #
    # * Create: POST /crm/bulk/v2/read
    #   (https://www.zoho.com/crm/developer/docs/api/v2/bulk-read/create-job.html)
    # * Wait: GET /crm/bulk/v2/read/{id} until `state` is COMPLETED
    #   (https://www.zoho.com/crm/developer/docs/api/v2/bulk-read/get-job-details.html), the
    #   wait between two looks doubling from `poll_interval` up to `max_poll_interval`
    # * Download: GET /crm/bulk/v2/read/{id}/result, a zip holding `<id>.csv`
    #   (https://www.zoho.com/crm/developer/docs/api/v2/bulk-read/download-result.html)
    #
    # @api private
    class Job
      FINISHED = %w[COMPLETED FAILED].freeze

      attr_reader :id, :result

      # @param query [Hash] bulk_read.create's arguments (module, fields, criteria, cvid, page, callback_url)
      # @param waiting [Hash] poll_interval:, max_poll_interval:, max_wait: (seconds)
      # @param id [String, nil] a job created earlier (its callback came): waited for, not created
      def initialize(query, waiting, id: nil)
        @query = query
        @waiting = waiting
        @id = id
      end

      # Creates the job (unless it exists) and waits until Zoho completes it; returns self.
      # @return [self]
      def run
        create unless @id
        wait
        self
      end

      # bulk_read.create's arguments for the next page of the same export: this job's query
      # as Zoho shows it (so a job created elsewhere goes on with its own query), page + 1.
      # @return [Hash]
      def next_page_query
        shown = @details['query'] || {}
        module_name = shown['module'].is_a?(Hash) ? shown['module']['api_name'] : shown['module']
        { module: module_name, fields: shown['fields'], criteria: shown['criteria'], cvid: shown['cvid'] }
          .compact.merge(@query.slice(:module, :callback_url))
          .merge(page: Integer(result['page'] || shown['page'] || 1) + 1)
      end

      # Downloads the result zip into a new temp folder and yields its path; the folder is
      # removed after the block, whatever happens in it.
      # @yieldparam zip_path [String]
      def with_result_file
        Dir.mktmpdir('zcrmsdk-bulk-read-') do |dir|
          path = File.join(dir, "#{id}.zip")
          Internal.download('bulk_read.result', { job_id: id }, path)
          yield path
        end
      end

      # Whether Zoho has a next page for the same query.
      def more_records?
        result['more_records'] == true
      end

      # Creates the job; returns its id.
      # @return [String]
      def create
        created = Internal.call('bulk_read.create', @query).json
        @id = created.dig('data', 0, 'details', 'id')
        raise ProtocolError.new(nil, nil, 'Zoho created a bulk read job without saying its id', 'NO JOB ID') unless @id

        @id
      end

      private

      def wait
        interval = @waiting[:poll_interval]
        deadline = clock + @waiting[:max_wait] if @waiting[:max_wait]
        loop do
          job = Internal.call('bulk_read.get', job_id: id).json.dig('data', 0) || {}
          return finished(job) if FINISHED.include?(job['state'])
          raise waited_too_long(job['state']) if deadline && clock + interval > deadline

          sleep(interval)
          interval = [interval * 2, @waiting[:max_poll_interval]].min
        end
      end

      def finished(job)
        @details = job
        unless job['state'] == 'COMPLETED'
          raise ServerError.new(nil, nil, "Zoho's bulk read job #{id} failed", 'BULK_READ_FAILED', job)
        end

        @result = job['result'] || {}
      end

      def waited_too_long(state)
        TimeoutError.new(nil, nil, "bulk read job #{id} was still #{state} after max_wait: #{@waiting[:max_wait]} s; " \
                                   'raise max_wait, or come back for it later', 'TIMEOUT')
      end

      def clock
        Process.clock_gettime(Process::CLOCK_MONOTONIC)
      end
    end
  end
end
