# frozen_string_literal: true

module ZCRMSDK
  module Operations
    # A section of a profile's permissions.
    class ZCRMProfileSection
      attr_accessor :name, :categories

      def self.get_instance(section_name)
        new(section_name)
      end

      def initialize(section_name)
        @name = section_name
        @categories = []
      end
    end
  end
end
