# frozen_string_literal: true

require 'json'

module ZCRMSDK
  class CLI
    # Writes records (ZCRMRecord#to_h) to an IO, one line each, as JSON Lines or CSV. Each
    # line is written whole: Ctrl-C is held back while a line is written, so an interrupted
    # export ends with a whole record. Flushed every FLUSH_EVERY records (a page), so a file
    # grows as the export goes.
    class RecordWriter
      FORMATS = %w[jsonl csv].freeze
      FLUSH_EVERY = Operations::Pagination::PER_PAGE

      attr_reader :count

      # fields: the columns, in order ('id' first); nil: all of them (for CSV, the first
      # record's keys make the header).
      def self.for(format, io, fields)
        format == 'csv' ? Csv.new(io, fields) : JsonLines.new(io, fields)
      end

      def initialize(io, fields)
        @io = io
        @fields = fields && ['id', *fields].uniq
        @count = 0
      end

      def write(record)
        line = line_for(record.to_h)
        Thread.handle_interrupt(SignalException => :never) do
          @io.write(line)
          @count += 1
          @io.flush if (@count % FLUSH_EVERY).zero?
        end
      end

      def close
        Thread.handle_interrupt(SignalException => :never) { @io.flush }
      end

      # One JSON object per line.
      class JsonLines < RecordWriter
        private

        def line_for(hash)
          "#{JSON.generate(@fields ? @fields.to_h { |f| [f, hash[f]] } : hash)}\n"
        end
      end

      # RFC 4180 CSV with a header line; lookups, lists and other nested values as JSON.
      class Csv < RecordWriter
        private

        # The first record's line comes after the header.
        def line_for(hash)
          @fields ||= hash.keys
          header = @count.zero? ? row(@fields) : ''
          header + row(@fields.map { |field| cell(hash[field]) })
        end

        def row(values)
          "#{values.map { |value| quote(value.to_s) }.join(',')}\r\n"
        end

        def cell(value)
          value.is_a?(Hash) || value.is_a?(Array) ? JSON.generate(value) : value
        end

        def quote(text)
          text.match?(/[",\r\n]/) ? "\"#{text.gsub('"', '""')}\"" : text
        end
      end
    end
  end
end
