# frozen_string_literal: true

module ZCRMSDK
  class BulkWrite
    # Rows into zipped CSV files of at most `rows_per_file` rows each. Rows reach the engine
    # in batches, which deflates them into the open file as they come
    # (ZCRMSDK::Native::BulkWriteFile); each full file is handed to the block, which uploads
    # it, and then deleted.
    class Files
      # @return [Integer] rows taken so far
      attr_reader :row_count

      # @param dir [String] where the files are written
      # @param entry_name [String] the CSV's name inside each zip
      # @param rows_per_file [Integer]
      # @yieldparam path [String] a finished zip
      # @yieldparam first_index [Integer] the index of its first row
      # @yieldparam rows [Integer] its row count
      def initialize(dir, entry_name, rows_per_file, &on_file)
        @dir = dir
        @entry_name = entry_name
        @rows_per_file = rows_per_file
        @on_file = on_file
        @batch = []
        @file = nil
        @in_file = 0
        @row_count = 0
        @files = 0
      end

      # Adds one row's cells under `columns`.
      # @param cells [Array<String, nil>]
      # @param columns [Array<String>]
      # @return [self]
      def add(cells, columns)
        @columns ||= columns
        @batch << cells
        flush if @batch.size >= BATCH || @in_file + @batch.size >= @rows_per_file
        self
      end

      # Sends what is left.
      # @return [void]
      def close
        flush
        finish_file if @file
      end

      private

      def flush
        return if @batch.empty?

        @file ||= open_file
        @file.write_rows(@batch)
        @in_file += @batch.size
        @batch = []
        finish_file if @in_file >= @rows_per_file
      end

      def open_file
        @files += 1
        @path = File.join(@dir, "#{@files}.zip")
        Native::BulkWriteFile.new(@path, @entry_name, @columns)
      end

      def finish_file
        rows = @file.finish
        @file = nil
        @on_file.call(@path, @row_count, rows)
        @row_count += rows
        @in_file = 0
      ensure
        File.delete(@path) if @path && File.exist?(@path)
      end
    end
  end
end
