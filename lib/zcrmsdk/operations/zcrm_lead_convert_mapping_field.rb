# frozen_string_literal: true

module ZCRMSDK
  module Operations
    # One mapped field of a ZCRMLeadConvertMapping.
    class ZCRMLeadConvertMappingField
      attr_accessor :id, :api_name, :field_label, :is_required

      # 1.0.x's constructor, the same as `new`; it sends nothing.
      # @param api_name [String] the api name
      # @param field_id [String, Integer] the field id
      # @return [ZCRMSDK::Operations::ZCRMLeadConvertMappingField]
      def self.get_instance(api_name, field_id)
        new(api_name, field_id)
      end

      # @param api_name [String] the api name
      # @param field_id [String, Integer] the field id
      def initialize(api_name, field_id)
        @api_name = api_name
        @id = field_id
      end
    end
  end
end
