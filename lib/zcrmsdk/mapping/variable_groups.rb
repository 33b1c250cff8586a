# frozen_string_literal: true

module ZCRMSDK
  module Mapping
    # Variable groups (`settings/variable_groups`) → ZCRMVariableGroup.
    module VariableGroups
      ATTRIBUTES = %w[id name api_name display_label description].freeze

      module_function

      def from_api(json)
        json = Mapping.as_hash(json)
        fill(Operations::ZCRMVariableGroup.new(json['api_name'], json['id']), json)
      end

      def fill(group, json)
        json = Mapping.as_hash(json)
        ATTRIBUTES.each { |key| group.public_send("#{key}=", json[key]) unless json[key].nil? }
        group
      end
    end
  end
end
