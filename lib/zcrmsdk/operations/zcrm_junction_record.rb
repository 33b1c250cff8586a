# frozen_string_literal: true

module ZCRMSDK
  module Operations
    # The other side of a relation: a record of a related list, plus the relation's own
    # fields in `related_data` (e.g. `Contact_Role`).
    class ZCRMJunctionRecord
      attr_accessor :id, :api_name, :related_data

      # 1.0.x's constructor, the same as `new`; it sends nothing.
      # @param api_name [String] the api name
      # @param record_id [String, Integer] the record id
      # @return [ZCRMSDK::Operations::ZCRMJunctionRecord]
      def self.get_instance(api_name, record_id)
        new(api_name, record_id)
      end

      # @param api_name [String] the api name
      # @param record_id [String, Integer] the record id
      def initialize(api_name, record_id)
        @api_name = api_name
        @id = record_id
        @related_data = {}
      end
    end
  end
end
