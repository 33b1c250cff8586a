# frozen_string_literal: true

module ZCRMSDK
  module Operations
    # Field metadata of a module (`settings/fields`).
    class ZCRMField
      attr_accessor :is_webhook, :crypt, :tooltip, :is_field_read_only, :association_details,
                    :subform, :is_mass_update, :multiselectlookup, :api_name, :is_custom_field,
                    :lookup_field, :convert_mapping, :is_visible, :field_label, :length,
                    :created_source, :default_value, :is_mandatory, :sequence_number, :is_read_only,
                    :is_unique_field, :is_case_sensitive, :data_type, :is_formula_field,
                    :is_currency_field, :id, :picklist_values, :is_auto_number,
                    :is_business_card_supported, :field_layout_permissions, :decimal_place,
                    :precision, :rounding_option, :formula_return_type, :formula_expression, :prefix,
                    :suffix, :start_number, :json_type

      # 1.0.x's constructor, the same as `new`; it sends nothing.
      # @param api_name [String] the api name
      # @param id [String, Integer, nil] the id
      # @return [ZCRMSDK::Operations::ZCRMField]
      def self.get_instance(api_name, id = nil)
        new(api_name, id)
      end

      # @param api_name [String] the api name
      # @param id [String, Integer, nil] the id
      def initialize(api_name, id = nil)
        @api_name = api_name
        @id = id
        @multiselectlookup = {}
        @lookup_field = {}
        @picklist_values = []
      end
    end
  end
end
