# frozen_string_literal: true

module ZCRMSDK
  # 1.0.x's organization class, ZCRMOrganization.
  module Org
    # The organization (`org`) and the org-wide calls: users, roles, profiles, taxes, notes
    # and variables. Note the namespace: ZCRMSDK::Org, not ZCRMSDK::Operations (1.0.x).
    class ZCRMOrganization
      Support = Operations::Support
      Pagination = Operations::Pagination
      private_constant :Support, :Pagination

      # `users?type=` for each get_all_*_users method.
      USER_TYPES = {
        get_all_users: 'AllUsers', get_all_active_users: 'ActiveUsers',
        get_all_deactive_users: 'DeactiveUsers', get_all_confirmed_users: 'ConfirmedUsers',
        get_all_not_confirmed_users: 'NotConfirmedUsers', get_all_deleted_users: 'DeletedUsers',
        get_all_active_confirmed_users: 'ActiveConfirmedUsers', get_all_admin_users: 'AdminUsers',
        get_all_active_confirmed_admin_users: 'ActiveConfirmedAdmins'
      }.freeze

      attr_accessor :users_license_purchased, :photo_id, :privacy_settings, :zia_portal_id, :currency,
                    :company_name, :org_id, :alias_aka, :primary_zuid, :zgid, :primary_email, :website, :mobile,
                    :phone, :employee_count, :description, :time_zone, :iso_code, :currency_locale,
                    :currency_symbol, :street, :state, :city, :country, :zip_code, :country_code, :fax,
                    :mc_status, :is_gapps_enabled, :paid_expiry, :trial_type, :trial_expiry, :is_paid_account,
                    :paid_type

      # 1.0.x's constructor, the same as `new`; it sends nothing.
      # @param org_name [String, nil] the org name
      # @param org_id [String, Integer, nil] the org id
      # @return [ZCRMSDK::Org::ZCRMOrganization]
      def self.get_instance(org_name = nil, org_id = nil)
        new(org_name, org_id)
      end

      # @param org_name [String, nil]
      # @param org_id [String, Integer, nil]
      def initialize(org_name = nil, org_id = nil)
        @company_name = org_name
        @org_id = org_id
      end

      # ---- users -------------------------------------------------------------------------

      # One user of the org.
      # @param user_id [String, Integer]
      # @return [ZCRMSDK::Response::APIResponse] `data` is the ZCRMUser
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def get_user(user_id)
        Support.require!(user_id, 'get_user', 'user id must be given', 'USER ID IS NOT PROVIDED')
        Support.one('users.get', { 'user_id' => Support.id_string(user_id) }, 'users') { |json| Mapping::Users.from_api(json) }
      end

      # The user API calls act as. A list, as in 1.0.x: `get_current_user.data[0]`.
      # @return [ZCRMSDK::Response::BulkAPIResponse] `data` is a one-element Array of ZCRMUser
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def get_current_user
        users('users.list', 'type' => 'CurrentUser')
      end

      # @!method get_all_users(page = 1, per_page = 200)
      #   One page of the org's users of type AllUsers (see {#each_user} for all pages).
      #   @param page [Integer]
      #   @param per_page [Integer] at most 200
      #   @return [ZCRMSDK::Response::BulkAPIResponse] `data` is an Array of ZCRMUser
      #   @raise [ZCRMSDK::NoContentError] none on that page
      #   @raise [ZCRMSDK::ZCRMException] Zoho's other error answers, NetworkError, TimeoutError
      # @!method get_all_active_users(page = 1, per_page = 200)
      #   One page of the org's users of type ActiveUsers (see {#each_user} for all pages).
      #   @param page [Integer]
      #   @param per_page [Integer] at most 200
      #   @return [ZCRMSDK::Response::BulkAPIResponse] `data` is an Array of ZCRMUser
      #   @raise [ZCRMSDK::NoContentError] none on that page
      #   @raise [ZCRMSDK::ZCRMException] Zoho's other error answers, NetworkError, TimeoutError
      # @!method get_all_deactive_users(page = 1, per_page = 200)
      #   One page of the org's users of type DeactiveUsers (see {#each_user} for all pages).
      #   @param page [Integer]
      #   @param per_page [Integer] at most 200
      #   @return [ZCRMSDK::Response::BulkAPIResponse] `data` is an Array of ZCRMUser
      #   @raise [ZCRMSDK::NoContentError] none on that page
      #   @raise [ZCRMSDK::ZCRMException] Zoho's other error answers, NetworkError, TimeoutError
      # @!method get_all_confirmed_users(page = 1, per_page = 200)
      #   One page of the org's users of type ConfirmedUsers (see {#each_user} for all pages).
      #   @param page [Integer]
      #   @param per_page [Integer] at most 200
      #   @return [ZCRMSDK::Response::BulkAPIResponse] `data` is an Array of ZCRMUser
      #   @raise [ZCRMSDK::NoContentError] none on that page
      #   @raise [ZCRMSDK::ZCRMException] Zoho's other error answers, NetworkError, TimeoutError
      # @!method get_all_not_confirmed_users(page = 1, per_page = 200)
      #   One page of the org's users of type NotConfirmedUsers (see {#each_user} for all pages).
      #   @param page [Integer]
      #   @param per_page [Integer] at most 200
      #   @return [ZCRMSDK::Response::BulkAPIResponse] `data` is an Array of ZCRMUser
      #   @raise [ZCRMSDK::NoContentError] none on that page
      #   @raise [ZCRMSDK::ZCRMException] Zoho's other error answers, NetworkError, TimeoutError
      # @!method get_all_deleted_users(page = 1, per_page = 200)
      #   One page of the org's users of type DeletedUsers (see {#each_user} for all pages).
      #   @param page [Integer]
      #   @param per_page [Integer] at most 200
      #   @return [ZCRMSDK::Response::BulkAPIResponse] `data` is an Array of ZCRMUser
      #   @raise [ZCRMSDK::NoContentError] none on that page
      #   @raise [ZCRMSDK::ZCRMException] Zoho's other error answers, NetworkError, TimeoutError
      # @!method get_all_active_confirmed_users(page = 1, per_page = 200)
      #   One page of the org's users of type ActiveConfirmedUsers (see {#each_user} for all pages).
      #   @param page [Integer]
      #   @param per_page [Integer] at most 200
      #   @return [ZCRMSDK::Response::BulkAPIResponse] `data` is an Array of ZCRMUser
      #   @raise [ZCRMSDK::NoContentError] none on that page
      #   @raise [ZCRMSDK::ZCRMException] Zoho's other error answers, NetworkError, TimeoutError
      # @!method get_all_admin_users(page = 1, per_page = 200)
      #   One page of the org's users of type AdminUsers (see {#each_user} for all pages).
      #   @param page [Integer]
      #   @param per_page [Integer] at most 200
      #   @return [ZCRMSDK::Response::BulkAPIResponse] `data` is an Array of ZCRMUser
      #   @raise [ZCRMSDK::NoContentError] none on that page
      #   @raise [ZCRMSDK::ZCRMException] Zoho's other error answers, NetworkError, TimeoutError
      # @!method get_all_active_confirmed_admin_users(page = 1, per_page = 200)
      #   One page of the org's users of type ActiveConfirmedAdmins (see {#each_user} for all pages).
      #   @param page [Integer]
      #   @param per_page [Integer] at most 200
      #   @return [ZCRMSDK::Response::BulkAPIResponse] `data` is an Array of ZCRMUser
      #   @raise [ZCRMSDK::NoContentError] none on that page
      #   @raise [ZCRMSDK::ZCRMException] Zoho's other error answers, NetworkError, TimeoutError
      USER_TYPES.each do |method_name, type|
        define_method(method_name) do |page = 1, per_page = 200|
          users('users.list', 'type' => type, 'page' => page, 'per_page' => per_page)
        end
      end

      # One page of the users matching criteria such as `(email:equals:a@x.com)`.
      # @param criteria [String]
      # @param type [String, nil] Zoho's user type filter ('ActiveUsers', 'AdminUsers'...)
      # @param page [Integer]
      # @param per_page [Integer] at most 200
      # @return [ZCRMSDK::Response::BulkAPIResponse] `data` is an Array of ZCRMUser
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def search_users_by_criteria(criteria, type = nil, page = 1, per_page = 200)
        Support.require!(criteria, 'search_users_by_criteria', 'criteria must be provided', 'NO CRITERIA PROVIDED')
        users('users.search', 'criteria' => criteria, 'type' => type, 'page' => page, 'per_page' => per_page)
      end

      # Adds a user; beyond 1.0.x the user gets its new id and is the data.
      # @param user_instance [ZCRMSDK::Operations::ZCRMUser]
      # @return [ZCRMSDK::Response::APIResponse]
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def create_user(user_instance)
        if user_instance.nil?
          Support.invalid!('create_user', 'user instance must be given', 'USER INSTANCE IS NOT PROVIDED')
        end
        response = Support.single('users.create', 'user' => Mapping::Users.to_api(user_instance))
        details = Mapping.as_hash(response.details)
        user_instance.id = details['id'] unless details['id'].nil?
        response.data = user_instance
        response
      end

      # Writes a user (with its id) to Zoho.
      # @param user_instance [ZCRMSDK::Operations::ZCRMUser]
      # @return [ZCRMSDK::Response::APIResponse] `data` is the user
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def update_user(user_instance)
        if user_instance.nil? || user_instance.id.nil?
          Support.invalid!('update_user', 'user instance and id must be given', 'USER INSTANCE OR ID IS NOT PROVIDED')
        end
        response = Support.single('users.update', 'user_id' => Support.id_string(user_instance.id),
                                                  'user' => Mapping::Users.to_api(user_instance))
        response.data = user_instance
        response
      end

      # Deletes a user.
      # @param user_id [String, Integer]
      # @return [ZCRMSDK::Response::APIResponse]
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def delete_user(user_id)
        Support.require!(user_id, 'delete_user', 'user id must be given', 'USER ID IS NOT PROVIDED')
        Support.single('users.delete', 'user_id' => Support.id_string(user_id))
      end

      # ---- roles and profiles ------------------------------------------------------------

      # The org's roles.
      # @return [ZCRMSDK::Response::BulkAPIResponse] `data` is an Array of ZCRMRole
      # @raise [ZCRMSDK::ZCRMException] Zoho's error answers (APIError subclasses), NetworkError,
      #   TimeoutError, ProtocolError
      def get_all_roles
        Support.list('roles.list', {}, 'roles') { |json| Mapping::Roles.from_api(json) }
      end

      # One role.
      # @param role_id [String, Integer]
      # @return [ZCRMSDK::Response::APIResponse] `data` is the ZCRMRole
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def get_role(role_id)
        Support.require!(role_id, 'get_role', 'role id must be given', 'ROLE ID IS NOT PROVIDED')
        Support.one('roles.get', { 'role_id' => Support.id_string(role_id) }, 'roles') { |json| Mapping::Roles.from_api(json) }
      end

      # The org's profiles: an APIResponse holding a list, as in 1.0.x.
      # @return [ZCRMSDK::Response::APIResponse] `data` is an Array of ZCRMProfile
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def get_all_profiles
        Support.list('profiles.list', {}, 'profiles', as: :single) { |json| Mapping::Profiles.from_api(json) }
      end

      # One profile, with its permissions and sections.
      # @param profile_id [String, Integer]
      # @return [ZCRMSDK::Response::APIResponse] `data` is the ZCRMProfile
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def get_profile(profile_id)
        Support.require!(profile_id, 'get_profile', 'profile id must be given', 'PROFILE ID IS NOT PROVIDED')
        Support.one('profiles.get', { 'profile_id' => Support.id_string(profile_id) }, 'profiles') do |json|
          Mapping::Profiles.from_api(json)
        end
      end

      # ---- taxes -------------------------------------------------------------------------

      # The org's taxes.
      # @return [ZCRMSDK::Response::BulkAPIResponse] `data` is an Array of ZCRMOrgTax
      # @raise [ZCRMSDK::ZCRMException] Zoho's error answers (APIError subclasses), NetworkError,
      #   TimeoutError, ProtocolError
      def get_organization_taxes
        Support.list('taxes.list', {}, 'taxes') { |json| Mapping::Taxes.from_api(json) }
      end

      # One tax of the org.
      # @param org_tax_id [String, Integer]
      # @return [ZCRMSDK::Response::APIResponse] `data` is the ZCRMOrgTax
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def get_organization_tax(org_tax_id)
        Support.require!(org_tax_id, 'get_organization_tax', 'org tax id must be given', 'NO ORG TAX ID PROVIDED')
        Support.one('taxes.get', { 'tax_id' => Support.id_string(org_tax_id) }, 'taxes') do |json|
          Mapping::Taxes.from_api(json)
        end
      end

      # Creates taxes; beyond 1.0.x, data = the created taxes with their ids.
      # @param orgtax_instances [Array<ZCRMSDK::Operations::ZCRMOrgTax>] without ids
      # @return [ZCRMSDK::Response::BulkAPIResponse]
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def create_organization_taxes(orgtax_instances)
        taxes = Support.check_count!(orgtax_instances, :taxes, 'create_organization_taxes', of: Operations::ZCRMOrgTax)
        Support.require_new!(taxes, 'Org_tax_Create', 'org tax', 'ORG TAX ID PROVIDED')
        written_taxes(Support.bulk('taxes.create', 'taxes' => taxes.map { |tax| Mapping::Taxes.to_api(tax) }), taxes)
      end

      # Updates taxes (with ids).
      # @param orgtax_instances [Array<ZCRMSDK::Operations::ZCRMOrgTax>]
      # @return [ZCRMSDK::Response::BulkAPIResponse] `data` is the updated taxes
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def update_organization_taxes(orgtax_instances)
        taxes = Support.check_count!(orgtax_instances, :taxes, 'update_organization_taxes', of: Operations::ZCRMOrgTax)
        Support.require_existing!(taxes, 'Org_tax_update', 'org tax', 'ORG TAX ID NOT PROVIDED')
        written_taxes(Support.bulk('taxes.update', 'taxes' => taxes.map { |tax| Mapping::Taxes.to_api(tax) }), taxes)
      end

      # Deletes taxes.
      # @param orgtax_ids [Array<String, Integer>]
      # @return [ZCRMSDK::Response::BulkAPIResponse]
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def delete_organization_taxes(orgtax_ids)
        ids = Support.check_count!(orgtax_ids, :tax_ids, 'delete_organization_taxes').map { |id| Support.id_string(id) }
        Support.bulk('taxes.delete', 'ids' => ids)
      end

      # Deletes one tax.
      # @param orgtax_id [String, Integer]
      # @return [ZCRMSDK::Response::APIResponse]
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def delete_organization_tax(orgtax_id)
        Support.require!(orgtax_id, 'delete_organization_tax', 'org tax id must be given', 'NO ORG TAX ID PROVIDED')
        Support.single('taxes.delete_one', 'tax_id' => Support.id_string(orgtax_id))
      end

      # ---- notes -------------------------------------------------------------------------

      # One page of all the org's notes; each note's parent_record is built from Parent_Id/$se_module.
      # @param sort_by [String, nil]
      # @param sort_order [String, nil] 'asc' or 'desc'
      # @param page [Integer]
      # @param per_page [Integer] at most 200
      # @return [ZCRMSDK::Response::BulkAPIResponse] `data` is an Array of ZCRMNote
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def get_notes(sort_by = nil, sort_order = nil, page = 1, per_page = 200)
        args = { 'page' => page, 'per_page' => per_page, 'sort_by' => sort_by, 'sort_order' => sort_order }
        Support.list('notes.list', args, 'data') { |json| Mapping::Notes.from_api(json) }
      end

      # Notes must name their parent (ZCRMNote.new(record)). data = the created notes.
      # @param notes_instances [Array<ZCRMSDK::Operations::ZCRMNote>] at most 100, without ids
      # @return [ZCRMSDK::Response::BulkAPIResponse]
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def create_notes(notes_instances)
        notes = Support.check_count!(notes_instances, :notes, 'create_notes', of: Operations::ZCRMNote)
        Support.require_new!(notes, 'notes_Create', 'note', 'NOTE ID PROVIDED')
        response = Support.bulk('notes.create', 'notes' => notes.map { |note| Mapping::Notes.to_api(note) })
        response.data = Support.map_successes(response, notes) do |note, details|
          Mapping::Notes.from_api(details, note)
        end
        response
      end

      # Deletes notes of any records.
      # @param notes_ids [Array<String, Integer>] at most 100
      # @return [ZCRMSDK::Response::BulkAPIResponse]
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def delete_notes(notes_ids)
        ids = Support.check_count!(notes_ids, :notes, 'delete_notes').map { |id| Support.id_string(id) }
        Support.bulk('notes.delete', 'ids' => ids)
      end

      # ---- variables ---------------------------------------------------------------------

      # The org's variable groups.
      # @return [ZCRMSDK::Response::BulkAPIResponse] `data` is an Array of ZCRMVariableGroup
      # @raise [ZCRMSDK::ZCRMException] Zoho's error answers (APIError subclasses), NetworkError,
      #   TimeoutError, ProtocolError
      def get_variable_groups
        Support.list('variable_groups.list', {}, 'variable_groups') do |json|
          Mapping::VariableGroups.from_api(json)
        end
      end

      # The org's variables.
      # @return [ZCRMSDK::Response::BulkAPIResponse] `data` is an Array of ZCRMVariable
      # @raise [ZCRMSDK::ZCRMException] Zoho's error answers (APIError subclasses), NetworkError,
      #   TimeoutError, ProtocolError
      def get_variables
        Support.list('variables.list', {}, 'variables') { |json| Mapping::Variables.from_api(json) }
      end

      # Creates variables (without ids); they get their ids.
      # @param variable_instances [Array<ZCRMSDK::Operations::ZCRMVariable>]
      # @return [ZCRMSDK::Response::BulkAPIResponse] `data` is the created variables
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def create_variables(variable_instances)
        variables = Support.check_count!(variable_instances, :variables, 'create_variables', of: Operations::ZCRMVariable)
        Support.require_new!(variables, 'create_variables', 'variable', 'VARIABLE ID PROVIDED')
        written_variables(Support.bulk('variables.create', variables_args(variables)), variables)
      end

      # Updates variables (with ids).
      # @param variable_instances [Array<ZCRMSDK::Operations::ZCRMVariable>]
      # @return [ZCRMSDK::Response::BulkAPIResponse] `data` is the updated variables
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def update_variables(variable_instances)
        variables = Support.check_count!(variable_instances, :variables, 'update_variables', of: Operations::ZCRMVariable)
        Support.require_existing!(variables, 'update_variables', 'variable', 'VARIABLE ID NOT PROVIDED')
        written_variables(Support.bulk('variables.update', variables_args(variables)), variables)
      end

      # ---- beyond 1.0.x: every page, lazily (see Operations::Pagination) ------------------
      # Enumerators without a block; the organization with one.

      # type: one of USER_TYPES' values ('AllUsers', 'ActiveUsers', 'AdminUsers'...).
      #
      #     org.each_user(type: 'ActiveUsers').map(&:email)
      #
      # @param type [String]
      # @param per_page [Integer] at most 200
      # @param prefetch [Boolean] fetch the next page while this one is consumed
      # @yieldparam user [ZCRMSDK::Operations::ZCRMUser]
      # @return [Enumerator<ZCRMSDK::Operations::ZCRMUser>, self] self when given a block
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def each_user(type: 'AllUsers', per_page: Pagination::PER_PAGE, prefetch: true, &block)
        return enum_for(:each_user, type: type, per_page: per_page, prefetch: prefetch) unless block

        fetch_page = ->(page) { users('users.list', 'type' => type.to_s, 'page' => page, 'per_page' => per_page) }
        Pagination.each_entity(fetch_page, prefetch: prefetch, &block)
        self
      end

      # All notes of the org, as get_notes gives them.
      # @param sort_by [String, nil]
      # @param sort_order [String, nil] 'asc' or 'desc'
      # @param per_page [Integer] at most 200
      # @param prefetch [Boolean] fetch the next page while this one is consumed
      # @yieldparam note [ZCRMSDK::Operations::ZCRMNote]
      # @return [Enumerator<ZCRMSDK::Operations::ZCRMNote>, self] self when given a block
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def each_note(sort_by: nil, sort_order: nil, per_page: Pagination::PER_PAGE, prefetch: true, &block)
        options = { sort_by: sort_by, sort_order: sort_order }
        return enum_for(:each_note, **options, per_page: per_page, prefetch: prefetch) unless block

        fetch_page = ->(page) { get_notes(sort_by, sort_order, page, per_page) }
        Pagination.each_entity(fetch_page, prefetch: prefetch, &block)
        self
      end

      private

      def users(operation, args)
        Support.list(operation, args, 'users') { |json| Mapping::Users.from_api(json) }
      end

      def written_taxes(response, taxes)
        response.data = Support.map_successes(response, taxes) do |tax, details|
          tax.id = details['id'] unless details['id'].nil?
          tax
        end
        response
      end

      def variables_args(variables)
        { 'variables' => variables.map { |variable| Mapping::Variables.to_api(variable) } }
      end

      def written_variables(response, variables)
        response.data = Support.map_successes(response, variables) do |variable, details|
          variable.id = details['id'] unless details['id'].nil?
          variable
        end
        response
      end
    end
  end
end
