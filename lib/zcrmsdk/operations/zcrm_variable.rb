# frozen_string_literal: true

module ZCRMSDK
  module Operations
    # An org variable (`settings/variables`).
    class ZCRMVariable
      attr_accessor :id, :name, :api_name, :type, :value, :variable_group, :description

      # 1.0.x's constructor, the same as `new`; it sends nothing.
      # @param api_name [String, nil] the api name
      # @param id [String, Integer, nil] the id
      # @return [ZCRMSDK::Operations::ZCRMVariable]
      def self.get_instance(api_name = nil, id = nil)
        new(api_name, id)
      end

      # @param api_name [String, nil] the api name
      # @param id [String, Integer, nil] the id
      def initialize(api_name = nil, id = nil)
        @api_name = api_name
        @id = id
      end

      # Reads the variable; group_id is its group's id or api name (or the group).
      # @param group_id [String, Integer, ZCRMSDK::Operations::ZCRMVariableGroup]
      # @return [ZCRMSDK::Response::APIResponse] `data` is this variable
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def get(group_id)
        require_id!('get_variable')
        Support.require!(group_id, 'get_variable', 'group should be set for the variable', 'ID IS NOT PROVIDED')
        response = Support.single('variables.get', 'variable_id' => Support.id_string(id),
                                                   'group' => Support.id_string(group_id))
        Mapping::Variables.fill(self, Support.first_entry(response, 'variables'))
        response.data = self
        response
      end

      # Writes the variable's value (and the other set attributes) to Zoho.
      # @return [ZCRMSDK::Response::APIResponse] `data` is this variable
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def update
        require_id!('update_variable')
        response = Support.single('variables.update_one', 'variable_id' => Support.id_string(id),
                                                          'variable' => Mapping::Variables.to_api(self))
        details = Mapping.as_hash(response.details)
        self.id = details['id'] unless details['id'].nil?
        response.data = self
        response
      end

      # Deletes the variable.
      # @return [ZCRMSDK::Response::APIResponse]
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def delete
        require_id!('delete_variable')
        Support.single('variables.delete', 'variable_id' => Support.id_string(id))
      end

      private

      def require_id!(method_name)
        Support.require!(id, method_name, 'id should be set for the variable', 'ID IS NOT PROVIDED')
      end
    end
  end
end
