# frozen_string_literal: true

module ZCRMSDK
  module Operations
    # A permission category inside a profile section.
    class ZCRMProfileCategory
      attr_accessor :name, :module_api_name, :display_label, :permission_ids

      # 1.0.x's constructor, the same as `new`; it sends nothing.
      # @param profile_category_name [String] the profile category name
      # @return [ZCRMSDK::Operations::ZCRMProfileCategory]
      def self.get_instance(profile_category_name)
        new(profile_category_name)
      end

      # @param profile_category_name [String] the profile category name
      def initialize(profile_category_name)
        @name = profile_category_name
        @permission_ids = []
      end
    end
  end
end
