# frozen_string_literal: true

module ZCRMSDK
  module Operations
    # A permission of a profile (`permissions_details`).
    class ZCRMPermission
      attr_accessor :id, :name, :display_label, :module_api_name, :is_enabled

      # 1.0.x's constructor, the same as `new`; it sends nothing.
      # @param permission_name [String] the permission name
      # @param permission_id [String, Integer] the permission id
      # @return [ZCRMSDK::Operations::ZCRMPermission]
      def self.get_instance(permission_name, permission_id)
        new(permission_name, permission_id)
      end

      # @param permission_name [String] the permission name
      # @param permission_id [String, Integer] the permission id
      def initialize(permission_name, permission_id)
        @name = permission_name
        @id = permission_id
      end
    end
  end
end
