# frozen_string_literal: true

module ZCRMSDK
  module Operations
    # A section of a layout, with its fields.
    class ZCRMSection
      attr_accessor :properties, :api_name, :name, :display_label, :column_count, :sequence_number,
                    :fields, :is_subform_section, :tab_traversal

      # 1.0.x's constructor, the same as `new`; it sends nothing.
      # @param section_name [String] the section name
      # @return [ZCRMSDK::Operations::ZCRMSection]
      def self.get_instance(section_name)
        new(section_name)
      end

      # @param section_name [String] the section name
      def initialize(section_name)
        @name = section_name
      end
    end
  end
end
