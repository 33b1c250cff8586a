# frozen_string_literal: true

module ZCRMSDK
  module Mapping
    # Field metadata (`settings/fields`, and the fields inside layout sections) → ZCRMField.
    module Fields
      # JSON key → accessor, copied as they are when present.
      PLAIN = {
        'id' => :id, 'default_value' => :default_value, 'field_label' => :field_label,
        'created_source' => :created_source, 'data_type' => :data_type,
        'convert_mapping' => :convert_mapping, 'webhook' => :is_webhook, 'crypt' => :crypt,
        'tooltip' => :tooltip, 'field_read_only' => :is_field_read_only,
        'association_details' => :association_details, 'subform' => :subform,
        'mass_update' => :is_mass_update, 'decimal_place' => :decimal_place, 'json_type' => :json_type
      }.freeze
      # JSON key → accessor, true only for a JSON true (nil when the key is absent).
      FLAGS = {
        'system_mandatory' => :is_mandatory, 'custom_field' => :is_custom_field, 'visible' => :is_visible,
        'read_only' => :is_read_only, 'businesscard_supported' => :is_business_card_supported
      }.freeze
      VIEW_PERMISSIONS = { 'view' => 'VIEW', 'quick_create' => 'QUICK_CREATE', 'create' => 'CREATE',
                           'edit' => 'EDIT' }.freeze

      module_function

      def from_api(json)
        json = Mapping.as_hash(json)
        field = Operations::ZCRMField.new(json['api_name'])
        PLAIN.each { |key, attr| field.public_send("#{attr}=", json[key]) if json.key?(key) }
        FLAGS.each { |key, attr| field.public_send("#{attr}=", Mapping.flag(json, key)) }
        field.sequence_number = Mapping.integer(json['sequence_number'])
        field.length = Mapping.integer(json['length'])
        fill_relations(field, json)
        fill_kinds(field, json)
        field
      end

      def fill_relations(field, json)
        field.picklist_values = Mapping.as_array(json['pick_list_values']).map { |value| picklist_value(value) }
        field.lookup_field = lookup(json['lookup']) if Mapping.present_hash?(json['lookup'])
        multiselect = json['multiselectlookup']
        field.multiselectlookup = multiselect_lookup(multiselect) if Mapping.present_hash?(multiselect)
        view_type = json['view_type']
        return unless view_type.is_a?(Hash)

        field.field_layout_permissions = VIEW_PERMISSIONS.filter_map { |key, name| name if view_type[key] }
      end

      # unique / formula / currency / auto_number: a non-empty object switches the kind on.
      def fill_kinds(field, json)
        unique = json['unique']
        field.is_unique_field = Mapping.present_hash?(unique)
        field.is_case_sensitive = field.is_unique_field && unique['casesensitive'] == true
        fill_formula(field, json['formula'])
        fill_currency(field, json['currency'])
        fill_auto_number(field, json['auto_number'])
      end

      def fill_formula(field, formula)
        field.is_formula_field = Mapping.present_hash?(formula)
        return unless field.is_formula_field

        field.formula_return_type = formula['return_type']
        field.formula_expression = formula['expression']
      end

      def fill_currency(field, currency)
        field.is_currency_field = Mapping.present_hash?(currency)
        return unless field.is_currency_field

        field.precision = Mapping.integer(currency['precision'])
        field.rounding_option = currency['rounding_option']
      end

      def fill_auto_number(field, auto_number)
        field.is_auto_number = Mapping.present_hash?(auto_number)
        return unless field.is_auto_number

        field.prefix = auto_number['prefix']
        field.suffix = auto_number['suffix']
        field.start_number = auto_number['start_number']
      end

      def picklist_value(json)
        json = Mapping.as_hash(json)
        Operations::ZCRMPickListValue.new.tap do |value|
          value.display_value = json['display_value']
          value.actual_value = json['actual_value']
          value.sequence_number = json['sequence_number']
          value.maps = json['maps'] if json.key?('maps')
        end
      end

      def lookup(json)
        Operations::ZCRMLookupField.new(json['api_name']).tap do |lookup|
          lookup.display_label = json['display_label']
          lookup.id = json['id']
          lookup.module_apiname = json['module'].is_a?(Hash) ? json['module']['api_name'] : json['module']
        end
      end

      def multiselect_lookup(json)
        Operations::ZCRMMultiSelectLookupField.new(json['api_name']).tap do |lookup|
          lookup.id = json['id']
          lookup.connected_module = json['connected_module']
          lookup.linking_module = json['linking_module']
          lookup.display_label = json['display_label']
        end
      end
    end
  end
end
