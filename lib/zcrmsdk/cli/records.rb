# frozen_string_literal: true

require 'time'
require_relative 'export'

module ZCRMSDK
  class CLI
    # `zcrm records MODULE`: exports a module's records, page after page as they are read
    # (ZCRMModule#each_record, or #each_search_result with --criteria), to stdout or a file
    # (see Export). With --bulk, through Zoho's Bulk Read (ZCRMModule#bulk_read): as CSV,
    # Zoho's own file is copied out as it is; as JSON Lines, each of its rows a record.
    class Records < ZohoCommand
      include Export

      SUMMARY = 'export the records of a module as JSON Lines or CSV, with progress on stderr'
      USAGE = 'zcrm records MODULE [--bulk] [--fields A,B] [--criteria EXPR] [--modified-since TIME] ' \
              "[--format jsonl|csv] [--output FILE] [settings]\n" \
              "       e.g. zcrm records Leads --fields Last_Name,Email --format csv --output leads.csv\n" \
              '            zcrm records Leads --bulk --criteria \'{"api_name":"Lead_Source","comparator":"equal",' \
              '"value":"Web"}\' --format csv -o web.csv'

      private

      def options(parser)
        parser.on('--fields A,B', Array, 'only these fields (API names; id always comes first)') { |f| @fields = f }
        parser.on('--criteria EXPR', "Zoho's search criteria, e.g. '(Last_Name:equals:Smith)'; with --bulk,",
                  'bulk read criteria as JSON: {"api_name":"Lead_Source","comparator":"equal","value":"Web"}') do |c|
          @criteria = c
        end
        parser.on('--bulk', "through Zoho's Bulk Read: jobs of up to 200,000 records, for large exports") { @bulk = true }
        parser.on('--modified-since TIME', 'only records modified since TIME',
                  '(ISO 8601: 2024-05-01 or 2024-05-01T09:00:00+02:00)') { |t| @modified_since = time!(t) }
        output_options(parser)
        super
      end

      def execute(args)
        module_name = args.shift or raise UsageError, 'which module? e.g. zcrm records Leads'
        no_more_arguments!(args)
        if @criteria && @modified_since
          raise UsageError, '--modified-since cannot be combined with --criteria (Zoho searches ignore it)'
        end

        raise UsageError, '--modified-since cannot be combined with --bulk (put Modified_Time in --criteria)' if
          @bulk && @modified_since

        connect!
        current_user!
        zoho_module = RestClient::ZCRMRestClient.get_instance.get_module_instance(module_name)
        return export_bulk_csv(zoho_module, module_name) if @bulk && @format == 'csv'

        export(zoho_module, module_name)
      end

      def each_record(zoho_module, &block)
        if @bulk
          zoho_module.bulk_read(**bulk_options, &block)
        elsif @criteria
          zoho_module.each_search_result(criteria: @criteria, &block)
        else
          zoho_module.each_record(**{ fields: @fields, modified_since: @modified_since }.compact, &block)
        end
      end

      def bulk_options
        { fields: @fields, criteria: @criteria && bulk_criteria! }.compact
      end

      def bulk_criteria!
        criteria = JSON.parse(@criteria)
        return criteria if criteria.is_a?(Hash)

        raise UsageError, '--criteria with --bulk takes a JSON object'
      rescue JSON::ParserError
        raise UsageError, "--criteria with --bulk takes bulk read criteria as JSON, e.g. '{\"api_name\":" \
                          "\"Lead_Source\",\"comparator\":\"equal\",\"value\":\"Web\"}', not '#{@criteria}'"
      end

      # Zoho's CSV as it is (its header, `Id` first), to stdout or --output.
      def export_bulk_csv(zoho_module, label)
        run = with_output { |io| zoho_module.bulk_read(to: io, **bulk_options) }
        @io.err.puts("#{label}: #{run.count} records written (#{run.job_ids.size} bulk read jobs)") if progress?
        0
      end

      def time!(text)
        text.match?(/\A\d{4}-\d{2}-\d{2}\z/) ? Time.iso8601("#{text}T00:00:00Z") : Time.iso8601(text)
      rescue ArgumentError
        raise UsageError, "--modified-since takes an ISO 8601 time such as 2024-05-01 or " \
                          "2024-05-01T09:00:00+02:00, not '#{text}'"
      end
    end
  end
end
