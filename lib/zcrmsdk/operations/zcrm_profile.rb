# frozen_string_literal: true

module ZCRMSDK
  module Operations
    # A profile of the organization (`settings/profiles`).
    class ZCRMProfile
      attr_accessor :name, :id, :is_default, :created_time, :modified_time, :modified_by,
                    :description, :created_by, :category, :permissions, :sections

      def self.get_instance(profile_id, profile_name = nil)
        new(profile_id, profile_name)
      end

      def initialize(profile_id, profile_name = nil)
        @id = profile_id
        @name = profile_name
        @permissions = []
        @sections = []
      end
    end
  end
end
