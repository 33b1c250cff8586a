# frozen_string_literal: true

module ZCRMSDK
  module Operations
    # A section of a profile's permissions.
    class ZCRMProfileSection
      attr_accessor :name, :categories

      # 1.0.x's constructor, the same as `new`; it sends nothing.
      # @param section_name [String] the section name
      # @return [ZCRMSDK::Operations::ZCRMProfileSection]
      def self.get_instance(section_name)
        new(section_name)
      end

      # @param section_name [String] the section name
      def initialize(section_name)
        @name = section_name
        @categories = []
      end
    end
  end
end
