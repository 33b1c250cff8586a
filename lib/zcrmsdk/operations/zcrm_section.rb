# frozen_string_literal: true

module ZCRMSDK
  module Operations
    # A section of a layout, with its fields.
    class ZCRMSection
      attr_accessor :properties, :api_name, :name, :display_label, :column_count, :sequence_number,
                    :fields, :is_subform_section, :tab_traversal

      def self.get_instance(section_name)
        new(section_name)
      end

      def initialize(section_name)
        @name = section_name
      end
    end
  end
end
