# frozen_string_literal: true

module ZCRMSDK
  module Operations
    # Display properties of a (subform) section.
    class ZCRMSectionProperties
      attr_accessor :reorder_rows, :tooltip, :maximum_rows

      # 1.0.x's constructor, the same as `new`; it sends nothing.
      # @return [ZCRMSDK::Operations::ZCRMSectionProperties]
      def self.get_instance
        new
      end
    end
  end
end
