# frozen_string_literal: true

module ZCRMSDK
  class BulkWrite
    # One Bulk Write job: one file of at most 25,000 rows
    # (https://www.zoho.com/crm/developer/docs/api/v2/bulk-write/job-details.html).
    class Job
      # @return [String] Zoho's job id
      attr_reader :id
      # @return [Integer] the index, in the caller's rows, of this job's first row
      attr_reader :first_index
      # @return [Integer] rows in this job's file
      attr_reader :row_count
      # @return [Hash] the last job details read (Zoho's JSON)
      attr_reader :details

      # Built by BulkWrite#submit.
      # @api private
      def initialize(bulk_write, id, first_index, row_count)
        @bulk_write = bulk_write
        @id = id
        @first_index = first_index
        @row_count = row_count
        @details = { 'status' => 'ADDED' }
      end

      # Reads the job's details again.
      # @return [self]
      # @raise [ZCRMSDK::ZCRMException] Zoho's error answers, NetworkError, TimeoutError
      def refresh
        @details = @bulk_write.within { Internal.call('bulk_write.get_job', 'job_id' => id).json }
        self
      end

      # @return [String] "ADDED", "IN PROGRESS" or "COMPLETED", as last read
      def status
        details['status'].to_s
      end

      # @return [Boolean] Zoho has processed every row (as last read)
      def completed?
        status.casecmp?('COMPLETED')
      end

      # @return [Integer] rows that created records (0 until completed)
      def added_count = count('added_count')

      # @return [Integer] rows that updated records
      def updated_count = count('updated_count')

      # @return [Integer] rows Zoho rejected
      def skipped_count = count('skipped_count')

      # Each row's outcome, read from the job's result file (downloaded when called; one job's
      # rows in memory at a time).
      # @yieldparam outcome [ZCRMSDK::BulkWrite::Outcome]
      # @return [Enumerator, self]
      # @raise [ZCRMSDK::BulkWrite::NotCompletedError] the job is not completed yet
      def each_outcome(&block)
        return enum_for(:each_outcome) unless block

        outcomes.each(&block)
        self
      end

      # @return [String]
      def inspect
        "#<#{self.class.name} id=#{id} status=#{status.inspect} rows=#{first_index}...#{first_index + row_count}>"
      end

      private

      def count(key)
        file = Array(details['resource']).first
        file = file.is_a?(Hash) ? file['file'] : nil
        file.is_a?(Hash) ? file[key].to_i : 0
      end

      def outcomes
        url = details.dig('result', 'download_url')
        unless completed? && url
          raise NotCompletedError, "bulk write job #{id} is #{status}: call refresh until completed? before reading " \
                                   'its outcomes (BulkWrite#run waits for you)'
        end

        rows = @bulk_write.within { @bulk_write.read_result(url) }
        rows.each_with_index.map do |(status, record_id, errors), at|
          Outcome.new(first_index + at, status.to_sym, record_id,
                      errors.map { |code, columns| RowError.new(code, columns) })
        end
      end
    end

    # A job's outcomes were asked for before Zoho completed it.
    class NotCompletedError < StandardError; end
  end
end
