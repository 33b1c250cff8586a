# frozen_string_literal: true

module ZCRMSDK
  module Operations
    # A tax applied to a record or a line item (`Tax`, `$line_tax`, `line_tax`).
    class ZCRMTax
      attr_accessor :name, :percentage, :value

      def self.get_instance(name)
        new(name)
      end

      def initialize(name)
        @name = name
      end
    end
  end
end
