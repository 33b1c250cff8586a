# frozen_string_literal: true

module ZCRMSDK
  module Operations
    # A profile of the organization (`settings/profiles`).
    class ZCRMProfile
      attr_accessor :name, :id, :is_default, :created_time, :modified_time, :modified_by,
                    :description, :created_by, :category, :permissions, :sections

      # 1.0.x's constructor, the same as `new`; it sends nothing.
      # @param profile_id [String, Integer] the profile id
      # @param profile_name [String, nil] the profile name
      # @return [ZCRMSDK::Operations::ZCRMProfile]
      def self.get_instance(profile_id, profile_name = nil)
        new(profile_id, profile_name)
      end

      # @param profile_id [String, Integer] the profile id
      # @param profile_name [String, nil] the profile name
      def initialize(profile_id, profile_name = nil)
        @id = profile_id
        @name = profile_name
        @permissions = []
        @sections = []
      end
    end
  end
end
