# frozen_string_literal: true

module ZCRMSDK
  module Operations
    # How a layout maps lead fields to one target module on conversion.
    class ZCRMLeadConvertMapping
      attr_accessor :id, :name, :fields

      # 1.0.x's constructor, the same as `new`; it sends nothing.
      # @param name [String] the name
      # @param converted_id [String, Integer] the converted id
      # @return [ZCRMSDK::Operations::ZCRMLeadConvertMapping]
      def self.get_instance(name, converted_id)
        new(name, converted_id)
      end

      # @param name [String] the name
      # @param converted_id [String, Integer] the converted id
      def initialize(name, converted_id)
        @name = name
        @id = converted_id
        @fields = []
      end
    end
  end
end
