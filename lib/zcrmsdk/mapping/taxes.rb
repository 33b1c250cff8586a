# frozen_string_literal: true

module ZCRMSDK
  module Mapping
    # Organization taxes (`org/taxes`) ⇄ ZCRMOrgTax.
    #
    # @api private
    module Taxes
      module_function

      def from_api(json)
        json = Mapping.as_hash(json)
        Operations::ZCRMOrgTax.new(json['id'], json['name']).tap do |tax|
          tax.display_label = json['display_label']
          tax.value = json['value']
          tax.sequence_number = json['sequence_number']
        end
      end

      def to_api(tax)
        json = {}
        Mapping.put(json, 'id', tax.id&.to_s)
        Mapping.put(json, 'name', tax.name)
        Mapping.put(json, 'display_label', tax.display_label)
        Mapping.put(json, 'value', Mapping.json_value(tax.value))
        Mapping.put(json, 'sequence_number', tax.sequence_number)
      end
    end
  end
end
