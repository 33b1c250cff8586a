# frozen_string_literal: true

module ZCRMSDK
  module Mapping
    # Role JSON (`settings/roles`) → ZCRMRole.
    #
    # @api private
    module Roles
      module_function

      def from_api(json)
        json = Mapping.as_hash(json)
        role = Operations::ZCRMRole.new(json['id'], json['name'])
        role.display_label = json['display_label']
        role.description = json['description']
        role.forecast_manager = Mapping.user(json['forecast_manager'])
        role.is_admin = json['admin_user'] == true
        role.is_share_with_peers = json['share_with_peers'] == true
        role.reporting_to = Mapping.user(json['reporting_to'])
        role
      end
    end
  end
end
