# frozen_string_literal: true

module ZCRMSDK
  module Operations
    # A price range of a Price_Books record (`Pricing_Details`).
    class ZCRMPriceBookPricing
      attr_accessor :id, :to_range, :from_range, :discount

      # 1.0.x's constructor, the same as `new`; it sends nothing.
      # @param price_book_id [String, Integer, nil] the price book id
      # @return [ZCRMSDK::Operations::ZCRMPriceBookPricing]
      def self.get_instance(price_book_id = nil)
        new(price_book_id)
      end

      # @param price_book_id [String, Integer, nil] the price book id
      def initialize(price_book_id = nil)
        @id = price_book_id
      end
    end
  end
end
