# frozen_string_literal: true

module ZCRMSDK
  module Operations
    # The target of a lookup field (`lookup` in the field metadata).
    class ZCRMLookupField
      attr_accessor :api_name, :display_label, :module_apiname, :id

      # 1.0.x's constructor, the same as `new`; it sends nothing.
      # @param api_name [String] the api name
      # @return [ZCRMSDK::Operations::ZCRMLookupField]
      def self.get_instance(api_name)
        new(api_name)
      end

      # @param api_name [String] the api name
      def initialize(api_name)
        @api_name = api_name
      end
    end
  end
end
