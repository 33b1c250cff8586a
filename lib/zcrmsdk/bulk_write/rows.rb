# frozen_string_literal: true

module ZCRMSDK
  class BulkWrite
    # Turns the caller's rows (Hashes or ZCRMRecords) into CSV cells, one row at a time.
    #
    # The columns are `fields:` when given, else the keys of the first row; every later row
    # must fit them (a missing key is an empty cell, an extra key an ArgumentError), since a
    # CSV file has one header and the rows are never all in memory to look ahead.
    class Rows
      # @return [Array<String>, nil] the columns, once known
      attr_reader :columns

      # @param fields [Array<String, Symbol>, nil] the columns, in order
      def initialize(fields)
        @columns = fields && normalize_fields(fields)
        @index = nil
      end

      # The cells of `row`, in column order (nil for an empty cell).
      # @param row [Hash, ZCRMSDK::Operations::ZCRMRecord]
      # @param position [Integer] the row's place in the caller's rows (for messages)
      # @return [Array<String, nil>]
      def cells(row, position)
        values = as_hash(row, position)
        @columns ||= normalize_fields(values.keys)
        @index ||= @columns.each_with_index.to_h
        cells = Array.new(@columns.size)
        values.each do |key, value|
          at = @index.fetch(key) { unknown_column!(key, position) }
          cells[at] = Cell.text(value, key, position)
        end
        cells
      end

      private

      def as_hash(row, position)
        case row
        when Hash then row.transform_keys(&:to_s)
        when Operations::ZCRMRecord then record_hash(row)
        else
          raise ArgumentError, "row #{position} is a #{row.class}: bulk_write takes Hashes (field API name => " \
                               'value) or ZCRMSDK::Operations::ZCRMRecord'
        end
      end

      def record_hash(record)
        hash = Mapping::Records.to_api(record)
        record.entity_id ? { 'id' => record.entity_id.to_s }.merge(hash) : hash
      end

      def normalize_fields(fields)
        names = Array(fields).map(&:to_s)
        raise ArgumentError, 'bulk_write needs at least one column: pass fields: or rows with keys' if names.empty?

        names
      end

      def unknown_column!(key, position)
        raise ArgumentError, "row #{position} has '#{key}', which is not one of the columns (#{@columns.join(', ')}): " \
                             'pass fields: with every column the rows use'
      end
    end

    # One value as CSV text, as Zoho's import reads it.
    module Cell
      module_function

      # @param value [Object] a field's value
      # @param key [String] the field (for messages)
      # @param position [Integer] the row (for messages)
      # @return [String, nil] nil for an empty cell
      def text(value, key, position)
        case value
        when nil, String then value
        when true, false, Integer, Symbol then value.to_s
        when Float then finite(value, key, position)
        when Time, DateTime then value.strftime('%Y-%m-%dT%H:%M:%S%:z')
        when Date then value.strftime('%Y-%m-%d')
        when Numeric then decimal(value)
        # Multi-select picklists: values separated by semicolons (unverified for imports).
        when Array then value.map { |item| text(item, key, position) }.join(';')
        when Hash then reference(value, key, position)
        else entity(value, key, position)
        end
      end

      # A lookup or user given as `{ 'id' => ... }` (what records answer) goes in as its id.
      def reference(hash, key, position)
        id = hash['id'] || hash[:id] || hash['name'] || hash[:name]
        return id.to_s if id

        raise ArgumentError, "row #{position}, #{key}: a Hash value needs an 'id' (a lookup or user)"
      end

      def entity(value, key, position)
        return value.entity_id.to_s if value.is_a?(Operations::ZCRMRecord) && value.entity_id
        return value.id.to_s if value.respond_to?(:id) && value.id

        raise ArgumentError, "row #{position}, #{key}: a #{value.class} cannot go into a CSV cell; use a String, " \
                             'a number, true/false, a Time or Date, an Array of those, or a record with an id'
      end

      # BigDecimal (currency from ActiveRecord) keeps its digits; Rational and the like go
      # through Float.
      def decimal(value)
        defined?(BigDecimal) && value.is_a?(BigDecimal) ? value.to_s('F') : value.to_f.to_s
      end

      def finite(value, key, position)
        return value.to_s if value.finite?

        raise ArgumentError, "row #{position}, #{key}: #{value} is not a number Zoho can store"
      end
    end
  end
end
