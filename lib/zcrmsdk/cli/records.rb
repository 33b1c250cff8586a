# frozen_string_literal: true

require 'time'
require_relative 'export'

module ZCRMSDK
  class CLI
    # `zcrm records MODULE`: exports a module's records, page after page as they are read
    # (ZCRMModule#each_record, or #each_search_result with --criteria), to stdout or a file
    # (see Export).
    class Records < ZohoCommand
      include Export

      SUMMARY = 'export the records of a module as JSON Lines or CSV, with progress on stderr'
      USAGE = 'zcrm records MODULE [--fields A,B] [--criteria EXPR] [--modified-since TIME] ' \
              "[--format jsonl|csv] [--output FILE] [settings]\n" \
              '       e.g. zcrm records Leads --fields Last_Name,Email --format csv --output leads.csv'

      private

      def options(parser)
        parser.on('--fields A,B', Array, 'only these fields (API names; id always comes first)') { |f| @fields = f }
        parser.on('--criteria EXPR', "Zoho's search criteria, e.g. '(Last_Name:equals:Smith)'") { |c| @criteria = c }
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

        connect!
        current_user!
        export(RestClient::ZCRMRestClient.get_instance.get_module_instance(module_name), module_name)
      end

      def each_record(zoho_module, &block)
        if @criteria
          zoho_module.each_search_result(criteria: @criteria, &block)
        else
          zoho_module.each_record(**{ fields: @fields, modified_since: @modified_since }.compact, &block)
        end
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
