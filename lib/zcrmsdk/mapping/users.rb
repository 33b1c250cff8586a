# frozen_string_literal: true

module ZCRMSDK
  module Mapping
    # Users ⇄ JSON (1.0.x OrganizationAPIHandlerHelper#get_zcrm_user /
    # construct_json_from_user_instance). Zoho's casing is mixed on purpose: `created_by`
    # but `Modified_By`, `Reporting_To`, `Currency`, `Isonline`.
    #
    # @api private
    module Users
      # JSON key → accessor, copied when present.
      PLAIN = {
        'country' => :country, 'city' => :city, 'signature' => :signature, 'name_format' => :name_format,
        'language' => :language, 'locale' => :locale, 'default_tab_group' => :default_tab_group,
        'alias' => :alias_aka, 'street' => :street, 'state' => :state, 'country_locale' => :country_locale,
        'fax' => :fax, 'first_name' => :first_name, 'email' => :email, 'zip' => :zip,
        'decimal_separator' => :decimal_separator, 'website' => :website, 'time_format' => :time_format,
        'mobile' => :mobile, 'last_name' => :last_name, 'time_zone' => :time_zone, 'zuid' => :zuid,
        'full_name' => :full_name, 'phone' => :phone, 'dob' => :dob, 'offset' => :offset,
        'date_format' => :date_format, 'status' => :status, 'territories' => :territories,
        'Currency' => :currency, 'Isonline' => :is_online, 'created_time' => :created_time
      }.freeze
      # The create/update body, in 1.0.x's key order (JSON key → accessor).
      WRITABLE = {
        'country' => :country, 'name' => :name, 'city' => :city, 'signature' => :signature,
        'name_format' => :name_format, 'language' => :language, 'locale' => :locale,
        'personal_account' => :is_personal_account, 'default_tab_group' => :default_tab_group,
        'street' => :street, 'alias' => :alias_aka, 'state' => :state, 'country_locale' => :country_locale,
        'fax' => :fax, 'first_name' => :first_name, 'email' => :email, 'zip' => :zip,
        'decimal_separator' => :decimal_separator, 'Reporting_To' => :reporting_to, 'website' => :website,
        'time_format' => :time_format, 'mobile' => :mobile, 'last_name' => :last_name,
        'time_zone' => :time_zone, 'phone' => :phone, 'dob' => :dob, 'date_format' => :date_format,
        'status' => :status
      }.freeze

      module_function

      # 1.0.x crashed when role, profile, created_by or Modified_By was missing.
      def from_api(json)
        json = Mapping.as_hash(json)
        user = Operations::ZCRMUser.new(json['id'], json['name'])
        PLAIN.each { |key, attr| user.public_send("#{attr}=", json[key]) if json.key?(key) }
        user.is_microsoft = json['microsoft'] == true
        user.is_confirm = json['confirm'] == true
        user.is_personal_account = Mapping.flag(json, 'personal_account')
        fill_references(user, json)
        user.customize_info = customize_info(json['customize_info']) if json['customize_info'].is_a?(Hash)
        user.theme = theme(json['theme']) if json['theme'].is_a?(Hash)
        user
      end

      def fill_references(user, json)
        role = json['role']
        profile = json['profile']
        user.role = Operations::ZCRMRole.new(role['id'], role['name']) if role.is_a?(Hash)
        user.profile = Operations::ZCRMProfile.new(profile['id'], profile['name']) if profile.is_a?(Hash)
        user.reporting_to = Mapping.user(json['Reporting_To'])
        user.created_by = Mapping.user(Mapping.first_of(json, 'created_by', 'Created_By'))
        user.modified_by = Mapping.user(Mapping.first_of(json, 'Modified_By', 'modified_by'))
        user.modified_time = Mapping.first_of(json, 'Modified_Time', 'modified_time')
      end

      def customize_info(json)
        Operations::ZCRMUserCustomizeInfo.new.tap do |info|
          info.notes_desc = json['notes_desc']
          info.is_to_show_right_panel = Mapping.flag(json, 'show_right_panel')
          info.is_bc_view = json['bc_view']
          info.is_to_show_home = Mapping.flag(json, 'show_home')
          info.is_to_show_detail_view = Mapping.flag(json, 'show_detail_view')
          info.unpin_recent_item = json['unpin_recent_item']
        end
      end

      def theme(json)
        normal_tab = Mapping.as_hash(json['normal_tab'])
        selected_tab = Mapping.as_hash(json['selected_tab'])
        Operations::ZCRMUserTheme.new.tap do |theme|
          theme.normal_tab_font_color = normal_tab['font_color']
          theme.normal_tab_background = normal_tab['background']
          theme.selected_tab_font_color = selected_tab['font_color']
          theme.selected_tab_background = selected_tab['background']
          theme.new_background = json['new_background']
          theme.background = json['background']
          theme.screen = json['screen']
          theme.type = json['type']
        end
      end

      # Only the attributes that are set are sent. Custom fields come from
      # field_apiname_vs_value (1.0.x iterated that Hash wrongly and sent garbage keys).
      def to_api(user)
        json = {}
        Mapping.put(json, 'role', user.role && Mapping.id_of(user.role).to_s)
        Mapping.put(json, 'profile', user.profile && Mapping.id_of(user.profile).to_s)
        WRITABLE.each { |key, attr| Mapping.put(json, key, writable_value(key, user.public_send(attr))) }
        (user.field_apiname_vs_value || {}).each { |key, value| json[key.to_s] = Mapping.json_value(value) }
        json
      end

      def writable_value(key, value)
        return nil if value.nil?
        return value == true if key == 'personal_account'
        return { 'id' => Mapping.id_of(value) } if key == 'Reporting_To'

        Mapping.json_value(value)
      end
    end
  end
end
