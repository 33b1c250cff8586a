# frozen_string_literal: true

module ZCRMSDK
  module Mapping
    # The `org` object → ZCRMSDK::Org::ZCRMOrganization (license details included).
    module Organization
      PLAIN = {
        'alias' => :alias_aka, 'city' => :city, 'country' => :country, 'country_code' => :country_code,
        'currency_locale' => :currency_locale, 'currency_symbol' => :currency_symbol, 'currency' => :currency,
        'description' => :description, 'employee_count' => :employee_count, 'zia_portal_id' => :zia_portal_id,
        'photo_id' => :photo_id, 'fax' => :fax, 'privacy_settings' => :privacy_settings,
        'iso_code' => :iso_code, 'mc_status' => :mc_status, 'mobile' => :mobile, 'phone' => :phone,
        'primary_email' => :primary_email, 'primary_zuid' => :primary_zuid, 'state' => :state,
        'street' => :street, 'time_zone' => :time_zone, 'website' => :website, 'zgid' => :zgid,
        'zip' => :zip_code
      }.freeze
      LICENSE = {
        'paid_type' => :paid_type, 'paid_expiry' => :paid_expiry, 'trial_type' => :trial_type,
        'trial_expiry' => :trial_expiry, 'users_license_purchased' => :users_license_purchased
      }.freeze

      module_function

      def from_api(json)
        json = Mapping.as_hash(json)
        org = Org::ZCRMOrganization.new(json['company_name'], json['id'])
        PLAIN.each { |key, attr| org.public_send("#{attr}=", json[key]) }
        org.is_gapps_enabled = json['gapps_enabled'] == true
        license = json['license_details']
        return org unless license.is_a?(Hash)

        org.is_paid_account = license['paid'] == true
        LICENSE.each { |key, attr| org.public_send("#{attr}=", license[key]) }
        org
      end
    end
  end
end
