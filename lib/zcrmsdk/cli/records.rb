# frozen_string_literal: true

require 'time'
require_relative 'progress'
require_relative 'record_writer'

module ZCRMSDK
  class CLI
    # `zcrm records MODULE`: exports a module's records, page after page as they are read
    # (ZCRMModule#each_record, or #each_search_result with --criteria), to stdout or a file.
    # Ctrl-C stops the export: what was written stays, flushed, ending with a whole record,
    # and the status is 130.
    class Records < ZohoCommand
      SUMMARY = 'export the records of a module as JSON Lines or CSV, with progress on stderr'
      USAGE = 'zcrm records MODULE [--fields A,B] [--criteria EXPR] [--modified-since TIME] ' \
              "[--format jsonl|csv] [--output FILE] [settings]\n" \
              '       e.g. zcrm records Leads --fields Last_Name,Email --format csv --output leads.csv'

      def initialize(io, env)
        super
        @format = 'jsonl'
        @progress = nil # default: on, unless the records themselves go to this terminal
      end

      private

      def options(parser)
        parser.on('--fields A,B', Array, 'only these fields (API names; id always comes first)') { |f| @fields = f }
        parser.on('--criteria EXPR', "Zoho's search criteria, e.g. '(Last_Name:equals:Smith)'") { |c| @criteria = c }
        parser.on('--modified-since TIME', 'only records modified since TIME',
                  '(ISO 8601: 2024-05-01 or 2024-05-01T09:00:00+02:00)') { |t| @modified_since = time!(t) }
        parser.on('--format FORMAT', RecordWriter::FORMATS, 'jsonl (one JSON object a line, the default) or csv',
                  '(header from --fields, else from the first record)') { |f| @format = f }
        parser.on('--output FILE', '-o', 'write to FILE (default: stdout)') { |file| @output = file }
        parser.on('--[no-]progress', 'progress on stderr (default: on, unless the records go to the terminal)') do |on|
          @progress = on
        end
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

      def export(zoho_module, label)
        progress = Progress.new(@io.err, label: label) if progress?
        with_output do |io|
          writer = RecordWriter.for(@format, io, @fields)
          outcome = 'written'
          begin
            each_record(zoho_module) do |record|
              writer.write(record)
              progress&.advance
            end
          rescue SignalException
            outcome = 'written, interrupted'
            raise
          rescue StandardError
            outcome = 'written, then it failed'
            raise
          ensure
            writer.close
            progress&.finish(outcome)
          end
        end
        0
      end

      # A bar redrawn between records printed on the same terminal would garble both.
      def progress?
        @progress.nil? ? !(@output.nil? && @io.out.tty?) : @progress
      end

      def each_record(zoho_module, &block)
        if @criteria
          zoho_module.each_search_result(criteria: @criteria, &block)
        else
          zoho_module.each_record(**{ fields: @fields, modified_since: @modified_since }.compact, &block)
        end
      end

      def with_output(&block)
        return yield(@io.out) unless @output

        File.open(@output, 'w', &block)
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
