# frozen_string_literal: true

module ZCRMSDK
  module Operations
    # An organization tax (`org/taxes`).
    class ZCRMOrgTax
      attr_accessor :id, :name, :display_label, :value, :sequence_number

      # 1.0.x's constructor, the same as `new`; it sends nothing.
      # @param id [String, Integer, nil] the id
      # @param name [String, nil] the name
      # @return [ZCRMSDK::Operations::ZCRMOrgTax]
      def self.get_instance(id = nil, name = nil)
        new(id, name)
      end

      # @param id [String, Integer, nil] the id
      # @param name [String, nil] the name
      def initialize(id = nil, name = nil)
        @id = id
        @name = name
      end
    end
  end
end
