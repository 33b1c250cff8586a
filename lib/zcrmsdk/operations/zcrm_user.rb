# frozen_string_literal: true

module ZCRMSDK
  module Operations
    # A CRM user (`users`). As the owner, creator or modifier of another entity only its id
    # and name (and sometimes email) are set.
    class ZCRMUser
      attr_accessor :id, :is_microsoft, :offset, :name, :field_apiname_vs_value, :signature,
                    :country, :role, :customize_info, :city, :name_format, :language, :locale,
                    :is_personal_account, :default_tab_group, :street, :alias_aka, :theme, :state,
                    :country_locale, :fax, :first_name, :email, :zip, :decimal_separator, :website,
                    :time_format, :profile, :mobile, :last_name, :time_zone, :zuid, :is_confirm,
                    :full_name, :phone, :dob, :date_format, :status, :created_by, :modified_by,
                    :territories, :reporting_to, :is_online, :currency, :created_time,
                    :modified_time

      # 1.0.x's constructor, the same as `new`; it sends nothing.
      # @param user_id [String, Integer, nil] the user id
      # @param name [String, nil] the name
      # @return [ZCRMSDK::Operations::ZCRMUser]
      def self.get_instance(user_id = nil, name = nil)
        new(user_id, name)
      end

      # @param user_id [String, Integer, nil] the user id
      # @param name [String, nil] the name
      def initialize(user_id = nil, name = nil)
        @id = user_id
        @name = name
      end
    end
  end
end
