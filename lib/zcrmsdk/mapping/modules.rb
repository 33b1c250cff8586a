# frozen_string_literal: true

module ZCRMSDK
  module Mapping
    # Module metadata (`settings/modules`) → ZCRMModule (1.0.x MetaDataAPIHandlerHelper#get_zcrmmodule).
    module Modules
      # JSON key → accessor, true only for a JSON true (false when absent, as in 1.0.x).
      FLAGS = {
        'viewable' => :is_viewable, 'creatable' => :is_creatable, 'convertable' => :is_convertable,
        'editable' => :is_editable, 'deletable' => :is_deletable, 'api_supported' => :is_api_supported,
        'inventory_template_supported' => :is_inventory_template_supported,
        'scoring_supported' => :is_scoring_supported, 'quick_create' => :is_quick_create,
        'feeds_required' => :is_feeds_required, 'emailTemplate_support' => :is_email_template_support,
        'webform_supported' => :is_webform_supported
      }.freeze
      # JSON key → accessor, nil when absent.
      OPTIONAL_FLAGS = {
        'global_search_supported' => :is_global_search_supported, 'kanban_view' => :is_kanban_view,
        'filter_status' => :is_filter_status, 'presence_sub_menu' => :is_presence_sub_menu,
        'kanban_view_supported' => :is_kanban_view_supported, 'filter_supported' => :is_filter_supported
      }.freeze
      PLAIN = {
        'id' => :id, 'module_name' => :module_name, 'singular_label' => :singular_label,
        'plural_label' => :plural_label, 'modified_time' => :modified_time, 'web_link' => :web_link,
        'sequence_number' => :sequence_number, 'generated_type' => :generated_type,
        'visibility' => :visibility, 'arguments' => :arguments
      }.freeze

      module_function

      def from_api(json)
        json = Mapping.as_hash(json)
        mod = Operations::ZCRMModule.new(json['api_name'])
        PLAIN.each { |key, attr| mod.public_send("#{attr}=", json[key]) if json.key?(key) }
        FLAGS.each { |key, attr| mod.public_send("#{attr}=", json[key] == true) }
        OPTIONAL_FLAGS.each { |key, attr| mod.public_send("#{attr}=", Mapping.flag(json, key)) }
        mod.is_custom_module = json['generated_type'] == 'custom'
        mod.modified_by = Mapping.user(json['modified_by'])
        fill_layout_details(mod, json)
        fill_defaults(mod, json)
        mod
      end

      def fill_layout_details(mod, json)
        mod.business_card_field_limit = Mapping.integer(json['business_card_field_limit'])
        mod.business_card_fields = json['business_card_fields'] if json['business_card_fields']
        mod.profiles = Mapping.as_array(json['profiles']).map { |p| Operations::ZCRMProfile.new(p['id'], p['name']) }
        mod.display_field_name = json['display_field'] unless json['display_field'].nil?
        # 1.0.x called a method that does not exist here (NoMethodError on every module
        # with related lists).
        lists = json['related_lists']
        mod.related_lists = lists.map { |list| RelatedLists.from_api(list) } if lists.is_a?(Array)
        properties = json['related_list_properties']
        mod.related_list_properties = RelatedLists.properties_from_api(properties) if properties.is_a?(Hash)
        mod.properties = json['$properties'] unless json['$properties'].nil?
        mod.per_page = Mapping.integer(json['per_page'])
        mod.search_layout_fields = json['search_layout_fields'] unless json['search_layout_fields'].nil?
      end

      def fill_defaults(mod, json)
        if json['custom_view'].is_a?(Hash)
          mod.default_custom_view = CustomViews.from_api(json['custom_view'], mod.api_name)
          mod.default_custom_view_id = json['custom_view']['id']
        end
        if json['territory'].is_a?(Hash)
          mod.default_territory_id = json['territory']['id']
          mod.default_territory_name = json['territory']['name']
        end
        parent = json['parent_module']
        return unless parent.is_a?(Hash) && !parent['id'].nil?

        mod.parent_module = Operations::ZCRMModule.new(parent['api_name']).tap { |p| p.id = parent['id'] }
      end
    end
  end
end
