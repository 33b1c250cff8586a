# frozen_string_literal: true

require 'csv'
require 'json'

module ZCRMSDK
  class CLI
    # `zcrm import MODULE FILE.csv`: the rows of a CSV file (a header line of field API names)
    # written to MODULE with Bulk Write (ZCRMSDK::BulkWrite), read as they go; each row's
    # outcome printed as a JSON line, the counts on stderr.
    class Import < ZohoCommand
      SUMMARY = "write a CSV file's rows to a module with Bulk Write; each row's outcome as JSON Lines"
      USAGE = "zcrm import MODULE FILE.csv [--operation insert|update|upsert] [--find-by FIELD] [--ignore-empty] [settings]\n" \
              '       e.g. zcrm import Leads leads.csv --operation upsert --find-by Email'

      private

      def options(parser)
        parser.on('--operation OPERATION', BulkWrite::OPERATIONS.map(&:to_s), 'insert (the default), update or upsert') do |op|
          @operation = op
        end
        parser.on('--find-by FIELD', "the field update and upsert match on ('id' or a unique field; update: id)") do |f|
          @find_by = f
        end
        parser.on('--ignore-empty', 'leave fields whose cell is empty as they are, instead of clearing them') do
          @ignore_empty = true
        end
        super
      end

      def execute(args)
        module_name = args.shift or raise UsageError, 'which module? e.g. zcrm import Leads leads.csv'
        file = args.shift or raise UsageError, 'which file? a CSV whose header names the fields, e.g. leads.csv'
        no_more_arguments!(args)
        raise UsageError, "cannot read #{file}" unless File.readable?(file)

        connect!
        current_user!
        result = write(module_name, file)
        result.each { |outcome| @io.out.puts(JSON.generate(line(outcome))) }
        @io.err.puts("#{result.row_count} rows: #{result.added_count} added, #{result.updated_count} updated, " \
                     "#{result.skipped_count} skipped")
        0
      end

      def write(module_name, file)
        rows = CSV.foreach(file, headers: true).lazy.map(&:to_h)
        BulkWrite.new(module_name, operation: @operation || :insert, find_by: @find_by,
                                   ignore_empty: @ignore_empty || false).run(rows)
      rescue ArgumentError => e
        raise UsageError, e.message
      end

      # `row` counts the file's data lines from 1.
      def line(outcome)
        { 'row' => outcome.index + 1, 'status' => outcome.status.to_s, 'record_id' => outcome.record_id,
          'errors' => outcome.errors.map(&:to_s) }
      end
    end
  end
end
