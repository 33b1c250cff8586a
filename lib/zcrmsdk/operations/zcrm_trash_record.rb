# frozen_string_literal: true

module ZCRMSDK
  module Operations
    # A deleted record (`{module}/deleted`).
    class ZCRMTrashRecord
      attr_accessor :id, :type, :display_name, :deleted_time, :created_by, :deleted_by,
                    :module_api_name

      def self.get_instance(module_api_name, entity_type, entity_id = nil)
        new(module_api_name, entity_type, entity_id)
      end

      def initialize(module_api_name, entity_type, entity_id = nil)
        @module_api_name = module_api_name
        @type = entity_type
        @id = entity_id
      end
    end
  end
end
