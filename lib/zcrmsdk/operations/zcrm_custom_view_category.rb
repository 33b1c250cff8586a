# frozen_string_literal: true

module ZCRMSDK
  module Operations
    # A custom-view category (`info.translation` of the custom views list).
    class ZCRMCustomViewCategory
      attr_accessor :display_value, :actual_value

      def self.get_instance
        new
      end
    end
  end
end
