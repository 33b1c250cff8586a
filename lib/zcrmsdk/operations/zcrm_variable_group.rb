# frozen_string_literal: true

module ZCRMSDK
  module Operations
    # A group of org variables (`settings/variable_groups`).
    class ZCRMVariableGroup
      attr_accessor :id, :name, :api_name, :display_label, :description

      # 1.0.x's constructor, the same as `new`; it sends nothing.
      # @param api_name [String, nil] the api name
      # @param id [String, Integer, nil] the id
      # @return [ZCRMSDK::Operations::ZCRMVariableGroup]
      def self.get_instance(api_name = nil, id = nil)
        new(api_name, id)
      end

      # @param api_name [String, nil] the api name
      # @param id [String, Integer, nil] the id
      def initialize(api_name = nil, id = nil)
        @api_name = api_name
        @id = id
      end

      # Reads the group from Zoho into this object.
      # @return [ZCRMSDK::Response::APIResponse] `data` is this group
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def get
        Support.require!(id, 'get_variable_group', 'id should be set for the variable group', 'ID IS NOT PROVIDED')
        response = Support.single('variable_groups.get', 'variable_group_id' => Support.id_string(id))
        Mapping::VariableGroups.fill(self, Support.first_entry(response, 'variable_groups'))
        response.data = self
        response
      end
    end
  end
end
