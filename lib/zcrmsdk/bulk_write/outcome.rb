# frozen_string_literal: true

module ZCRMSDK
  class BulkWrite
    # What Zoho did with one row, from the job's result file
    # (https://www.zoho.com/crm/developer/docs/api/v2/bulk-write/download-result.html).
    #
    # `index` is the row's place in the rows given to bulk_write (0 for the first), `status`
    # one of :added, :updated, :skipped, :unprocessed, `record_id` the record Zoho created or
    # updated, `errors` why a row was skipped.
    Outcome = Struct.new(:index, :status, :record_id, :errors) do
      # @return [Boolean] a record was created
      def added? = status == :added

      # @return [Boolean] an existing record was updated
      def updated? = status == :updated

      # @return [Boolean] the row was rejected; see #errors
      def skipped? = status == :skipped
    end

    # One entry of a row's ERRORS: Zoho's code (MANDATORY_NOT_FOUND, INVALID_DATA,
    # DUPLICATE_DATA...) and the columns it concerns.
    RowError = Struct.new(:code, :columns) do
      # @return [String] e.g. "MANDATORY_NOT_FOUND-Last_Name", as Zoho writes it
      def to_s = "#{code}-#{columns.join(',')}"
    end
  end
end
