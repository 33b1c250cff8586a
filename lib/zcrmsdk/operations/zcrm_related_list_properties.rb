# frozen_string_literal: true

module ZCRMSDK
  module Operations
    # Sorting and columns of a module's related lists (`related_list_properties`).
    class ZCRMRelatedListProperties
      attr_accessor :sort_by, :sort_order, :fields

      # 1.0.x's constructor, the same as `new`; it sends nothing.
      # @return [ZCRMSDK::Operations::ZCRMRelatedListProperties]
      def self.get_instance
        new
      end
    end
  end
end
