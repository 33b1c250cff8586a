# frozen_string_literal: true

module ZCRMSDK
  module Operations
    # A node of a custom view's criteria tree: a condition, or a group of nodes.
    class ZCRMCustomViewCriteria
      attr_accessor :comparator, :field, :value, :group, :group_operator, :pattern, :index,
                    :criteria

      # 1.0.x's constructor, the same as `new`; it sends nothing.
      # @return [ZCRMSDK::Operations::ZCRMCustomViewCriteria]
      def self.get_instance
        new
      end
    end
  end
end
