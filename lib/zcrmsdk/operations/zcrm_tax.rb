# frozen_string_literal: true

module ZCRMSDK
  module Operations
    # A tax applied to a record or a line item (`Tax`, `$line_tax`, `line_tax`).
    class ZCRMTax
      attr_accessor :name, :percentage, :value

      # 1.0.x's constructor, the same as `new`; it sends nothing.
      # @param name [String] the name
      # @return [ZCRMSDK::Operations::ZCRMTax]
      def self.get_instance(name)
        new(name)
      end

      # @param name [String] the name
      def initialize(name)
        @name = name
      end
    end
  end
end
