# frozen_string_literal: true

module ZCRMSDK
  module Operations
    # Related-list metadata of a module (`settings/related_lists`).
    class ZCRMModuleRelatedList
      attr_accessor :api_name, :module_apiname, :display_label, :is_visible, :name, :id, :href,
                    :type, :action, :sequence_number

      # 1.0.x's constructor, the same as `new`; it sends nothing.
      # @param api_name [String] the api name
      # @return [ZCRMSDK::Operations::ZCRMModuleRelatedList]
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
