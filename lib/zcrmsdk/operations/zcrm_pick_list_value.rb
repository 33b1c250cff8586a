# frozen_string_literal: true

module ZCRMSDK
  module Operations
    # One value of a picklist field (`pick_list_values`).
    class ZCRMPickListValue
      attr_accessor :display_value, :sequence_number, :actual_value, :maps

      # 1.0.x's constructor, the same as `new`; it sends nothing.
      # @return [ZCRMSDK::Operations::ZCRMPickListValue]
      def self.get_instance
        new
      end
    end
  end
end
