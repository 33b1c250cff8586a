# frozen_string_literal: true

require_relative 'progress'
require_relative 'record_writer'

module ZCRMSDK
  class CLI
    # What the commands that print records share (`zcrm records`, `zcrm query`): the output
    # flags, writing each record as it arrives to stdout or a file, and progress on stderr.
    # Ctrl-C stops the export: what was written stays, flushed, ending with a whole record,
    # and the status is 130. The including command defines `each_record` and calls `export`.
    module Export
      def initialize(io, env)
        super
        @format = 'jsonl'
        @progress = nil # default: on, unless the records themselves go to this terminal
      end

      private

      def output_options(parser)
        parser.on('--format FORMAT', RecordWriter::FORMATS, 'jsonl (one JSON object a line, the default) or csv',
                  '(header from --fields, else from the first record)') { |f| @format = f }
        parser.on('--output FILE', '-o', 'write to FILE (default: stdout)') { |file| @output = file }
        parser.on('--[no-]progress', 'progress on stderr (default: on, unless the records go to the terminal)') do |on|
          @progress = on
        end
      end

      # Writes every record `each_record(source)` yields; `label` names them in progress lines.
      def export(source, label)
        progress = Progress.new(@io.err, label: label) if progress?
        with_output do |io|
          writer = RecordWriter.for(@format, io, @fields)
          outcome = 'written'
          begin
            each_record(source) do |record|
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

      def with_output(&block)
        return yield(@io.out) unless @output

        File.open(@output, 'w', &block)
      end
    end
  end
end
