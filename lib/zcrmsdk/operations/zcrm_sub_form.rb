# frozen_string_literal: true

module ZCRMSDK
  module Operations
    # One row of a subform field (a record field holding an array of objects).
    class ZCRMSubForm
      attr_accessor :id, :name, :owner, :created_time, :modified_time, :layout, :field_data,
                    :properties

      # 1.0.x's constructor, the same as `new`; it sends nothing.
      # @param id [String, Integer, nil] the id
      # @return [ZCRMSDK::Operations::ZCRMSubForm]
      def self.get_instance(id = nil)
        new(id)
      end

      # @param id [String, Integer, nil] the id
      def initialize(id = nil)
        @id = id
        @field_data = {}
        @properties = {}
      end

      # Beyond 1.0.x: `row['Quantity']` for `row.field_data['Quantity']`.
      # @param field_api_name [String, Symbol]
      # @return [Object, nil]
      def [](field_api_name)
        field_data[field_api_name.to_s]
      end

      # Sets a field of the row.
      # @param field_api_name [String, Symbol]
      # @param value [Object]
      # @return [Object] the value
      def []=(field_api_name, value)
        field_data[field_api_name.to_s] = value
      end
    end
  end
end
