# frozen_string_literal: true

module ZCRMSDK
  module Operations
    # A node of a custom view's criteria tree: a condition, or a group of nodes.
    class ZCRMCustomViewCriteria
      attr_accessor :comparator, :field, :value, :group, :group_operator, :pattern, :index,
                    :criteria

      def self.get_instance
        new
      end
    end
  end
end
