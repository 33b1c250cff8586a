# frozen_string_literal: true

module ZCRMSDK
  module Mapping
    # Entries of `GET {module}/deleted` → ZCRMTrashRecord.
    module TrashRecords
      module_function

      def from_api(json, module_api_name)
        json = Mapping.as_hash(json)
        trash = Operations::ZCRMTrashRecord.new(module_api_name, json['type'], json['id'])
        trash.display_name = json['display_name']
        trash.created_by = Mapping.user(json['created_by'])
        trash.deleted_by = Mapping.user(json['deleted_by'])
        trash.deleted_time = json['deleted_time']
        trash
      end
    end
  end
end
