# frozen_string_literal: true

module ZCRMSDK
  module Mapping
    # Org variables (`settings/variables`) ⇄ ZCRMVariable.
    module Variables
      ATTRIBUTES = %w[id name api_name type value description].freeze

      module_function

      def from_api(json)
        json = Mapping.as_hash(json)
        fill(Operations::ZCRMVariable.new(json['api_name'], json['id']), json)
      end

      def fill(variable, json)
        json = Mapping.as_hash(json)
        ATTRIBUTES.each { |key| variable.public_send("#{key}=", json[key]) unless json[key].nil? }
        group = json['variable_group']
        variable.variable_group = VariableGroups.from_api(group) if group.is_a?(Hash)
        variable
      end

      # 1.0.x sent the group's id as its api_name; both are sent as they are.
      def to_api(variable)
        json = {}
        ATTRIBUTES.each { |key| Mapping.put(json, key, Mapping.json_value(variable.public_send(key))) }
        json['id'] = json['id'].to_s if json.key?('id')
        group = variable.variable_group
        json['variable_group'] = variable_group_to_api(group) unless group.nil?
        json
      end

      def variable_group_to_api(group)
        return { 'api_name' => group.to_s } unless group.respond_to?(:api_name)

        json = {}
        Mapping.put(json, 'id', group.id&.to_s)
        Mapping.put(json, 'api_name', group.api_name)
      end
    end
  end
end
