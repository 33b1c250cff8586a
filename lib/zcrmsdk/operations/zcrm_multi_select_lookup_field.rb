# frozen_string_literal: true

module ZCRMSDK
  module Operations
    # The linking details of a multi-select lookup field.
    class ZCRMMultiSelectLookupField
      attr_accessor :display_label, :linking_module, :connected_module, :api_name, :id

      # 1.0.x's constructor, the same as `new`; it sends nothing.
      # @param api_name [String] the api name
      # @return [ZCRMSDK::Operations::ZCRMMultiSelectLookupField]
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
