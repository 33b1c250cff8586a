# frozen_string_literal: true

module ZCRMSDK
  module Operations
    # A product line of an inventory record (Quotes, Sales_Orders, Purchase_Orders, Invoices:
    # `Product_Details`). `discount_percentage` wins over `discount` when both are set.
    # A line with `delete_flag` set is left out of the update, which deletes it.
    class ZCRMInventoryLineItem
      attr_accessor :product, :id, :discount_percentage, :list_price, :quantity, :description, :total,
                    :discount, :total_after_discount, :tax_amount, :net_total, :delete_flag, :line_tax

      # 1.0.x's constructor, the same as `new`; it sends nothing.
      # @param param [ZCRMSDK::Operations::ZCRMRecord, String, Integer, nil] the product (a ZCRMRecord)
      #   for a new line, or the id of an existing line
      # @return [ZCRMSDK::Operations::ZCRMInventoryLineItem]
      def self.get_instance(param = nil)
        new(param)
      end

      # `param` is the product (a ZCRMRecord) for a new line, or the id of an existing line.
      # (1.0.x left line_tax and delete_flag unset for a product; they get their defaults.)
      def initialize(param = nil)
        if param.is_a?(ZCRMRecord)
          @product = param
          @id = nil
        else
          @id = param
          @product = nil
        end
        @delete_flag = false
        @line_tax = []
      end
    end
  end
end
