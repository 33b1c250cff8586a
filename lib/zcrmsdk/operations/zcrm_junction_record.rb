# frozen_string_literal: true

module ZCRMSDK
  module Operations
    # The other side of a relation: a record of a related list, plus the relation's own
    # fields in `related_data` (e.g. `Contact_Role`).
    class ZCRMJunctionRecord
      attr_accessor :id, :api_name, :related_data

      def self.get_instance(api_name, record_id)
        new(api_name, record_id)
      end

      def initialize(api_name, record_id)
        @api_name = api_name
        @id = record_id
        @related_data = {}
      end
    end
  end
end
