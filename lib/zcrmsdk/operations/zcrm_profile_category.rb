# frozen_string_literal: true

module ZCRMSDK
  module Operations
    # A permission category inside a profile section.
    class ZCRMProfileCategory
      attr_accessor :name, :module_api_name, :display_label, :permission_ids

      def self.get_instance(profile_category_name)
        new(profile_category_name)
      end

      def initialize(profile_category_name)
        @name = profile_category_name
        @permission_ids = []
      end
    end
  end
end
