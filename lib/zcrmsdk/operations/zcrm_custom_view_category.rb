# frozen_string_literal: true

module ZCRMSDK
  module Operations
    # A custom-view category (`info.translation` of the custom views list).
    class ZCRMCustomViewCategory
      attr_accessor :display_value, :actual_value

      # 1.0.x's constructor, the same as `new`; it sends nothing.
      # @return [ZCRMSDK::Operations::ZCRMCustomViewCategory]
      def self.get_instance
        new
      end
    end
  end
end
