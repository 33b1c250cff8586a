# frozen_string_literal: true

module ZCRMSDK
  class BulkRead
    # A CSV row of a Bulk Read result as a ZCRMRecord, shaped as each_record's records are:
    # `Id` is the entity id, the system times and users have their own readers, every other
    # column is in field_data. Zoho's CSV holds text only: a lookup is its record's id, a
    # user its id, numbers and booleans their text; an empty cell is left out, as a null is.
    #
    # @api private
    module Row
      USERS = { 'Owner' => :owner=, 'Created_By' => :created_by=, 'Modified_By' => :modified_by= }.freeze
      TIMES = { 'Created_Time' => :created_time=, 'Modified_Time' => :modified_time=,
                'Last_Activity_Time' => :last_activity_time= }.freeze

      module_function

      # @param module_api_name [String]
      # @param row [Hash{String => String}] column => cell, without the empty cells
      # @return [ZCRMSDK::Operations::ZCRMRecord]
      def record(module_api_name, row)
        record = Operations::ZCRMRecord.new(module_api_name, row.delete('Id'))
        field_data = record.field_data
        row.each do |column, value|
          if (setter = USERS[column]) then record.public_send(setter, Operations::ZCRMUser.new(value))
          elsif (setter = TIMES[column]) then record.public_send(setter, value)
          else field_data[column] = value
          end
        end
        record
      end
    end
  end
end
