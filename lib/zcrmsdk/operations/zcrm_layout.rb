# frozen_string_literal: true

module ZCRMSDK
  module Operations
    # A page layout of a module (`settings/layouts`); also the `Layout` of a record.
    class ZCRMLayout
      attr_accessor :created_for, :id, :name, :created_time, :modified_time, :is_visible,
                    :modified_by, :accessible_profiles, :created_by, :sections, :status,
                    :convert_mapping

      # 1.0.x's constructor, the same as `new`; it sends nothing.
      # @param layout_id [String, Integer] the layout id
      # @return [ZCRMSDK::Operations::ZCRMLayout]
      def self.get_instance(layout_id)
        new(layout_id)
      end

      # @param layout_id [String, Integer] the layout id
      def initialize(layout_id)
        @id = layout_id
        @convert_mapping = {}
      end
    end
  end
end
