# frozen_string_literal: true

module ZCRMSDK
  module Operations
    # One value of a picklist field (`pick_list_values`).
    class ZCRMPickListValue
      attr_accessor :display_value, :sequence_number, :actual_value, :maps

      def self.get_instance
        new
      end
    end
  end
end
