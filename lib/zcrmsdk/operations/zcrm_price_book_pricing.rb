# frozen_string_literal: true

module ZCRMSDK
  module Operations
    # A price range of a Price_Books record (`Pricing_Details`).
    class ZCRMPriceBookPricing
      attr_accessor :id, :to_range, :from_range, :discount

      def self.get_instance(price_book_id = nil)
        new(price_book_id)
      end

      def initialize(price_book_id = nil)
        @id = price_book_id
      end
    end
  end
end
