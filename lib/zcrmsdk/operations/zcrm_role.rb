# frozen_string_literal: true

module ZCRMSDK
  module Operations
    # A role of the organization (`settings/roles`).
    class ZCRMRole
      attr_accessor :name, :id, :reporting_to, :display_label, :is_admin, :forecast_manager,
                    :is_share_with_peers, :description

      # 1.0.x's constructor, the same as `new`; it sends nothing.
      # @param role_id [String, Integer] the role id
      # @param role_name [String, nil] the role name
      # @return [ZCRMSDK::Operations::ZCRMRole]
      def self.get_instance(role_id, role_name = nil)
        new(role_id, role_name)
      end

      # @param role_id [String, Integer] the role id
      # @param role_name [String, nil] the role name
      def initialize(role_id, role_name = nil)
        @id = role_id
        @name = role_name
      end
    end
  end
end
