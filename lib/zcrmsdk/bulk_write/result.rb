# frozen_string_literal: true

module ZCRMSDK
  class BulkWrite
    # The completed jobs of one bulk write, and every row's outcome, read job by job as they
    # are enumerated (a million outcomes never sit in memory together).
    #
    #   result = leads.bulk_write(rows)
    #   result.added_count                                  # => 999_998
    #   result.select(&:skipped?).each { |o| warn "row #{o.index}: #{o.errors.join(' ')}" }
    class Result
      include Enumerable

      # @return [Array<ZCRMSDK::BulkWrite::Job>]
      attr_reader :jobs

      # @param jobs [Array<ZCRMSDK::BulkWrite::Job>] completed
      def initialize(jobs)
        @jobs = jobs
      end

      # @yieldparam outcome [ZCRMSDK::BulkWrite::Outcome] in the order the rows were given
      # @return [Enumerator, self]
      def each(&block)
        return enum_for(:each) unless block

        jobs.each { |job| job.each_outcome(&block) }
        self
      end

      # @return [Integer] rows that created records
      def added_count = jobs.sum(&:added_count)

      # @return [Integer] rows that updated records
      def updated_count = jobs.sum(&:updated_count)

      # @return [Integer] rows Zoho rejected
      def skipped_count = jobs.sum(&:skipped_count)

      # @return [Integer] rows sent
      def row_count = jobs.sum(&:row_count)

      # @return [String]
      def inspect
        "#<#{self.class.name} jobs=#{jobs.size} rows=#{row_count} added=#{added_count} updated=#{updated_count} " \
          "skipped=#{skipped_count}>"
      end
    end
  end
end
