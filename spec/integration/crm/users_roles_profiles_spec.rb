# frozen_string_literal: true

# Users, roles and profiles: ZCRMOrganization's calls (and ZCRMRestClient#get_current_user).
RSpec.describe 'CRM users, roles and profiles' do
  include_context 'with a signed-in CRM'

  let(:org) { client.get_organization_instance }
  let(:operations) { ZCRMSDK::Operations }
  let(:emails) { ->(response) { response.data.map(&:email) } }

  # The emulator's org: the signed-in admin and four others, one per user filter.
  let(:me) { emulator.user_email }
  let(:grace) { 'grace.hopper@example.com' }   # active, confirmed, Manager / Standard
  let(:alan) { 'alan.turing@example.com' }     # active, not confirmed
  let(:ada) { 'ada.lovelace@example.com' }     # deactivated, confirmed, CEO / Administrator
  let(:charles) { 'charles.babbage@example.com' } # deleted

  describe 'the current user' do
    it 'ZCRMRestClient#get_current_user GETs users?type=CurrentUser: a one-element list, as in 1.0.x' do
      response = client.get_current_user

      expect(request_for(:get, '/users').query).to eq('type' => 'CurrentUser')
      expect(response).to be_a(ZCRMSDK::Response::BulkAPIResponse)
      expect(response.status_code).to eq(200)
      expect(response.data.size).to eq(1)
      user = response.data[0]
      expect(user).to be_a(operations::ZCRMUser)
      expect(user).to have_attributes(email: me, first_name: 'Demo', last_name: 'User', full_name: 'Demo User',
                                      status: 'active', is_confirm: true)
      expect(user.id).to match(/\A\d{19}\z/)
      expect(user.role).to be_a(operations::ZCRMRole)
      expect(user.role.name).to eq('CEO')
      expect(user.profile).to be_a(operations::ZCRMProfile)
      expect(user.profile.name).to eq('Administrator')
      expect(response.bulk_entity_response).to eq([]) # a user's "status" is not a write result
    end

    it 'ZCRMOrganization#get_current_user is the same call' do
      expect(emails.call(org.get_current_user)).to eq([me])
      expect(request_for(:get, '/users').query).to eq('type' => 'CurrentUser')
    end
  end

  describe 'ZCRMOrganization#get_user' do
    it 'GETs users/{id}: an APIResponse whose data is the ZCRMUser' do
      id = current_user_id
      response = org.get_user(id)

      expect(request_for(:get, "/users/#{id}")).not_to be_nil
      expect(response).to be_a(ZCRMSDK::Response::APIResponse)
      expect(response.data).to be_a(operations::ZCRMUser)
      expect(response.data).to have_attributes(id: id, email: me)
    end

    it 'raises "No Content" for an unknown id and refuses a missing one' do
      expect(error_from { org.get_user('4150868000000999999') }).to have_attributes(status_code: 204)
      expect(error_from { org.get_user(nil) }.exception_code).to eq('USER ID IS NOT PROVIDED')
    end
  end

  describe 'ZCRMOrganization#get_all_*_users' do
    {
      get_all_users: ['AllUsers', %i[me grace alan ada]],
      get_all_active_users: ['ActiveUsers', %i[me grace alan]],
      get_all_deactive_users: ['DeactiveUsers', %i[ada]],
      get_all_confirmed_users: ['ConfirmedUsers', %i[me grace ada]],
      get_all_not_confirmed_users: ['NotConfirmedUsers', %i[alan]],
      get_all_deleted_users: ['DeletedUsers', %i[charles]],
      get_all_active_confirmed_users: ['ActiveConfirmedUsers', %i[me grace]],
      get_all_admin_users: ['AdminUsers', %i[me ada]],
      get_all_active_confirmed_admin_users: ['ActiveConfirmedAdmins', %i[me]]
    }.each do |method_name, (type, who)|
      it "#{method_name} GETs users?type=#{type}&page=1&per_page=200" do
        response = org.public_send(method_name)

        expect(request_for(:get, '/users').query).to eq('type' => type, 'page' => '1', 'per_page' => '200')
        expect(response).to be_a(ZCRMSDK::Response::BulkAPIResponse)
        expect(response.data).to all(be_a(operations::ZCRMUser))
        expect(emails.call(response)).to match_array(who.map { |name| public_send(name) })
      end
    end

    it 'sends page and per_page' do
      response = org.get_all_users(2, 1)
      expect(request_for(:get, '/users').query).to eq('type' => 'AllUsers', 'page' => '2', 'per_page' => '1')
      expect(response.data.size).to eq(1)
      expect(response.info).to have_attributes(page: 2, per_page: 1, is_more_records: true)
    end
  end

  describe 'ZCRMOrganization#search_users_by_criteria' do
    it 'GETs users/search?criteria=&page&per_page, with type= when given' do
      by_name = org.search_users_by_criteria('(last_name:equals:Hopper)')
      typed = org.search_users_by_criteria('(email:starts_with:a)', 'ActiveUsers', 1, 10)

      expect(requests_for(:get, '/users/search').map(&:query)).to eq(
        [{ 'criteria' => '(last_name:equals:Hopper)', 'page' => '1', 'per_page' => '200' },
         { 'criteria' => '(email:starts_with:a)', 'type' => 'ActiveUsers', 'page' => '1', 'per_page' => '10' }]
      )
      expect(by_name).to be_a(ZCRMSDK::Response::BulkAPIResponse)
      expect(emails.call(by_name)).to eq([grace])
      expect(emails.call(typed)).to eq([alan])
    end

    it 'refuses a missing criteria' do
      expect(error_from { org.search_users_by_criteria(nil) }.exception_code).to eq('NO CRITERIA PROVIDED')
      expect(crm_requests).to be_empty
    end
  end

  describe 'ZCRMOrganization#create_user / #update_user / #delete_user' do
    let(:manager) { org.get_all_roles.data.find { |r| r.name == 'Manager' } }
    let(:standard) { org.get_all_profiles.data.find { |p| p.name == 'Standard' } }
    let(:user) do
      operations::ZCRMUser.get_instance.tap do |u|
        u.first_name = 'Katherine'
        u.last_name = 'Johnson'
        u.email = 'katherine.johnson@example.com'
        u.role = operations::ZCRMRole.get_instance(manager.id)
        u.profile = operations::ZCRMProfile.get_instance(standard.id)
      end
    end

    it 'create_user POSTs users {"users":[…]} (role and profile as ids); the user gets its id' do
      user
      emulator.clear_requests
      response = org.create_user(user)

      expect(request_for(:post, '/users').json).to eq(
        'users' => [{ 'first_name' => 'Katherine', 'last_name' => 'Johnson', 'email' => 'katherine.johnson@example.com',
                      'role' => manager.id, 'profile' => standard.id }]
      )
      expect(response).to be_a(ZCRMSDK::Response::APIResponse)
      expect(response).to have_attributes(status_code: 201, status: 'success', message: 'User added')
      expect(response.data).to equal(user)
      expect(user.id).to match(/\A\d{19}\z/)
      created = org.get_user(user.id).data
      expect(created).to have_attributes(email: 'katherine.johnson@example.com', full_name: 'Katherine Johnson')
      expect(created.role.name).to eq('Manager')
      expect(created.profile.name).to eq('Standard')
    end

    it 'update_user PUTs users/{id}; delete_user DELETEs users/{id} and the user is then deleted' do
      org.create_user(user)
      emulator.clear_requests
      user.phone = '555-0199'
      updated = org.update_user(user)

      expect(request_for(:put, "/users/#{user.id}").json['users'].first).to include('phone' => '555-0199', 'email' => user.email)
      expect(updated).to be_a(ZCRMSDK::Response::APIResponse)
      expect(updated).to have_attributes(status_code: 200, status: 'success', message: 'User updated')
      expect(org.get_user(user.id).data.phone).to eq('555-0199')

      deleted = org.delete_user(user.id)
      expect(request_for(:delete, "/users/#{user.id}")).not_to be_nil
      expect(deleted).to have_attributes(status_code: 200, status: 'success', message: 'User deleted')
      expect(emails.call(org.get_all_deleted_users)).to include(user.email)
      expect(emails.call(org.get_all_active_users)).not_to include(user.email)
    end

    it 'refuse a missing user or id' do
      expect(error_from { org.create_user(nil) }.exception_code).to eq('USER INSTANCE IS NOT PROVIDED')
      expect(error_from { org.update_user(operations::ZCRMUser.new) }.exception_code).to eq('USER INSTANCE OR ID IS NOT PROVIDED')
      expect(error_from { org.delete_user(nil) }.exception_code).to eq('USER ID IS NOT PROVIDED')
      expect(crm_requests).to be_empty
    end
  end

  describe 'ZCRMOrganization#get_all_roles / #get_role' do
    it 'GET settings/roles and settings/roles/{id}: ZCRMRoles with their reporting line' do
      roles = org.get_all_roles
      manager = roles.data.find { |r| r.name == 'Manager' }
      ceo = roles.data.find { |r| r.name == 'CEO' }
      one = org.get_role(manager.id)

      expect(request_for(:get, '/settings/roles').query).to eq({})
      expect(request_for(:get, "/settings/roles/#{manager.id}")).not_to be_nil
      expect(roles).to be_a(ZCRMSDK::Response::BulkAPIResponse)
      expect(roles.data).to all(be_a(operations::ZCRMRole))
      expect(ceo).to have_attributes(display_label: 'CEO', is_admin: true)
      expect(one).to be_a(ZCRMSDK::Response::APIResponse)
      expect(one.data).to be_a(operations::ZCRMRole)
      expect(one.data).to have_attributes(id: manager.id, name: 'Manager', is_admin: false)
      expect(one.data.reporting_to).to be_a(operations::ZCRMRole).or be_a(operations::ZCRMUser)
      expect(one.data.reporting_to.id).to eq(ceo.id)
    end

    it 'get_role refuses a missing id' do
      expect(error_from { org.get_role(nil) }.exception_code).to eq('ROLE ID IS NOT PROVIDED')
    end
  end

  describe 'ZCRMOrganization#get_all_profiles / #get_profile' do
    it 'get_all_profiles GETs settings/profiles and answers an APIResponse holding a list (1.0.x)' do
      response = org.get_all_profiles

      expect(request_for(:get, '/settings/profiles').query).to eq({})
      expect(response).to be_a(ZCRMSDK::Response::APIResponse)
      expect(response.data).to all(be_a(operations::ZCRMProfile))
      expect(response.data.map(&:name)).to match_array(%w[Administrator Standard])
      expect(response.data.find { |p| p.name == 'Standard' }.is_default).to be(true)
    end

    it 'get_profile GETs settings/profiles/{id}: permissions and sections' do
      admin = org.get_all_profiles.data.find { |p| p.name == 'Administrator' }
      emulator.clear_requests
      response = org.get_profile(admin.id)

      expect(request_for(:get, "/settings/profiles/#{admin.id}")).not_to be_nil
      expect(response).to be_a(ZCRMSDK::Response::APIResponse)
      profile = response.data
      expect(profile).to be_a(operations::ZCRMProfile)
      expect(profile).to have_attributes(id: admin.id, name: 'Administrator')
      expect(profile.permissions).to all(be_a(operations::ZCRMPermission))
      expect(profile.permissions.map(&:name)).to include('Crm_Implied_View_Leads')
      expect(profile.permissions.find { |p| p.name == 'Crm_Implied_View_Leads' })
        .to have_attributes(module_api_name: 'Leads', is_enabled: true)
      expect(profile.sections).to all(be_a(operations::ZCRMProfileSection))
      expect(profile.sections.first.categories).to all(be_a(operations::ZCRMProfileCategory))
    end

    it 'get_profile refuses a missing id' do
      expect(error_from { org.get_profile(nil) }.exception_code).to eq('PROFILE ID IS NOT PROVIDED')
    end
  end

  describe 'ZCRMOrganization#each_user (beyond 1.0.x)' do
    it 'enumerates every user of a type, page after page' do
      expect(org.each_user(type: 'ActiveUsers').map(&:email)).to match_array([me, grace, alan])
      expect(request_for(:get, '/users').query).to eq('type' => 'ActiveUsers', 'page' => '1', 'per_page' => '200')
      emulator.clear_requests
      expect(org.each_user(per_page: 1, prefetch: false).first(2).size).to eq(2)
      expect(requests_for(:get, '/users').map { |r| r.query['page'] }).to eq(%w[1 2])
    end
  end
end
