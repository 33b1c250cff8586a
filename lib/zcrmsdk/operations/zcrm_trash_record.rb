# frozen_string_literal: true

module ZCRMSDK
  module Operations
    # A deleted record (`{module}/deleted`).
    class ZCRMTrashRecord
      attr_accessor :id, :type, :display_name, :deleted_time, :created_by, :deleted_by,
                    :module_api_name

      # 1.0.x's constructor, the same as `new`; it sends nothing.
      # @param module_api_name [String] the module api name
      # @param entity_type [String] how it was deleted: 'recycle' (in the recycle bin) or 'permanent'
      # @param entity_id [String, Integer, nil] the entity id
      # @return [ZCRMSDK::Operations::ZCRMTrashRecord]
      def self.get_instance(module_api_name, entity_type, entity_id = nil)
        new(module_api_name, entity_type, entity_id)
      end

      # @param module_api_name [String] the module api name
      # @param entity_type [String] how it was deleted: 'recycle' (in the recycle bin) or 'permanent'
      # @param entity_id [String, Integer, nil] the entity id
      def initialize(module_api_name, entity_type, entity_id = nil)
        @module_api_name = module_api_name
        @type = entity_type
        @id = entity_id
      end
    end
  end
end
