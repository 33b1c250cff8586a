# frozen_string_literal: true

module ZCRMSDK
  module Mapping
    # Profile JSON (`settings/profiles`) → ZCRMProfile with permissions and sections.
    module Profiles
      module_function

      def from_api(json)
        json = Mapping.as_hash(json)
        profile = Operations::ZCRMProfile.new(json['id'], json['name'])
        profile.created_time = json['created_time']
        profile.modified_time = json['modified_time']
        profile.description = json['description']
        profile.category = json['category']
        profile.is_default = json['default'] == true if json.key?('default')
        profile.modified_by = Mapping.user(json['modified_by'])
        profile.created_by = Mapping.user(json['created_by'])
        profile.permissions = Mapping.as_array(json['permissions_details']).map { |p| permission(p) }
        profile.sections = Mapping.as_array(json['sections']).map { |s| section(s) }
        profile
      end

      def permission(json)
        Operations::ZCRMPermission.new(json['name'], json['id']).tap do |permission|
          permission.display_label = json['display_label']
          permission.module_api_name = json['module']
          permission.is_enabled = json['enabled'] == true
        end
      end

      def section(json)
        section = Operations::ZCRMProfileSection.new(json['name'])
        section.categories = Mapping.as_array(json['categories']).map { |c| category(c) }
        section
      end

      def category(json)
        Operations::ZCRMProfileCategory.new(json['name']).tap do |category|
          category.display_label = json['display_label']
          category.permission_ids = json['permissions_details'] || []
          category.module_api_name = json['module']
        end
      end
    end
  end
end
