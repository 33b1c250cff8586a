# frozen_string_literal: true

require_relative 'export'

module ZCRMSDK
  class CLI
    # `zcrm query "select ..." [VALUE...]`: runs a COQL query (ZCRMSDK.query) and prints its
    # records as they are fetched, page by page (see Export). Each VALUE fills the next `?`
    # of the query, quoted and escaped as COQL requires, so a shell variable can never change
    # the query itself.
    class Query < ZohoCommand
      include Export

      SUMMARY = 'run a COQL query; its records as JSON Lines or CSV, with progress on stderr'
      USAGE = "zcrm query \"select FIELDS from MODULE where ...\" [VALUE...] [--format jsonl|csv] [--output FILE] [settings]\n" \
              "       e.g. zcrm query \"select Last_Name, Email from Leads where Lead_Source = ?\" Web --format csv"

      private

      def options(parser)
        output_options(parser)
        super
      end

      def execute(args)
        text = args.shift or raise UsageError, 'which query? e.g. zcrm query "select Last_Name from Leads where Email is not null"'
        connect!
        current_user!
        records = ZCRMSDK.query(text, *args)
        export(records, text[/\bfrom\s+(\w+)/i, 1] || 'query')
      rescue ArgumentError => e
        raise UsageError, e.message
      end

      def each_record(records, &block)
        records.each(&block)
      end
    end
  end
end
