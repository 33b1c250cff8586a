# frozen_string_literal: true

module ZCRMSDK
  module Mapping
    # Related-list metadata (`settings/related_lists`, and a module's `related_lists`).
    module RelatedLists
      module_function

      def from_api(json)
        json = Mapping.as_hash(json)
        list = Operations::ZCRMModuleRelatedList.new(json['api_name'])
        list.id = json['id']
        list.module_apiname = json['module'].is_a?(Hash) ? json['module']['api_name'] : json['module']
        list.display_label = json['display_label']
        list.name = json['name']
        list.type = json['type']
        list.href = json['href']
        list.is_visible = Mapping.flag(json, 'visible')
        list.action = json['action']
        list.sequence_number = json['sequence_number']
        list
      end

      def properties_from_api(json)
        json = Mapping.as_hash(json)
        Operations::ZCRMRelatedListProperties.new.tap do |properties|
          properties.sort_by = json['sort_by']
          properties.sort_order = json['sort_order']
          properties.fields = json['fields']
        end
      end
    end
  end
end
