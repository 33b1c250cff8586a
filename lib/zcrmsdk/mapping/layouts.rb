# frozen_string_literal: true

module ZCRMSDK
  module Mapping
    # Layout metadata (`settings/layouts`) → ZCRMLayout with sections, fields, profiles and
    # the lead-conversion mapping.
    module Layouts
      CONVERT_MODULES = %w[Contacts Deals Accounts].freeze

      module_function

      def from_api(json)
        json = Mapping.as_hash(json)
        layout = Operations::ZCRMLayout.new(json['id'])
        layout.name = json['name']
        layout.created_time = json['created_time']
        layout.modified_time = json['modified_time']
        layout.is_visible = json['visible'] == true
        layout.created_for = json['created_for']
        layout.created_by = Mapping.user(json['created_by'])
        layout.modified_by = Mapping.user(json['modified_by'])
        layout.status = json['status']
        layout.accessible_profiles = Mapping.as_array(json['profiles']).map { |profile| accessible_profile(profile) }
        layout.sections = Mapping.as_array(json['sections']).map { |entry| section(entry) }
        fill_convert_mapping(layout, json['convert_mapping'])
        layout
      end

      def accessible_profile(json)
        Operations::ZCRMProfile.new(json['id'], json['name']).tap do |profile|
          profile.is_default = json['default'] == true
        end
      end

      def section(json)
        section = Operations::ZCRMSection.new(json['name'])
        section.display_label = json['display_label']
        section.column_count = json['column_count']
        section.sequence_number = json['sequence_number']
        section.fields = Mapping.as_array(json['fields']).map { |field| Fields.from_api(field) }
        section.tab_traversal = json['tab_traversal']
        section.is_subform_section = json['isSubformSection']
        section.api_name = json['api_name']
        section.properties = section_properties(json['properties'])
        section
      end

      def section_properties(json)
        json = Mapping.as_hash(json)
        Operations::ZCRMSectionProperties.new.tap do |properties|
          properties.reorder_rows = json['reorder_rows']
          properties.tooltip = json['tooltip']
          properties.maximum_rows = json['maximum_rows']
        end
      end

      def fill_convert_mapping(layout, json)
        return unless json.is_a?(Hash)

        CONVERT_MODULES.each do |module_name|
          mapping = json[module_name]
          layout.convert_mapping[module_name] = convert_mapping(mapping) if mapping.is_a?(Hash)
        end
      end

      def convert_mapping(json)
        mapping = Operations::ZCRMLeadConvertMapping.new(json['name'], json['id'])
        Mapping.as_array(json['fields']).each do |field|
          mapped = Operations::ZCRMLeadConvertMappingField.new(field['api_name'], field['id'])
          mapped.field_label = field['field_label']
          mapped.is_required = field['required'] == true
          mapping.fields << mapped
        end
        mapping
      end
    end
  end
end
