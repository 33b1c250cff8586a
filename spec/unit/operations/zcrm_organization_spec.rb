# frozen_string_literal: true

require_relative '../support/zcrm_stubs_spec'

RSpec.describe ZCRMSDK::Org::ZCRMOrganization do
  subject(:org) { described_class.get_instance }

  let(:users_json) { { 'users' => [{ 'id' => 'u1', 'name' => 'A', 'role' => { 'id' => 'r1', 'name' => 'CEO' } }] } }

  describe 'users' do
    before { stub_api('users.list' => raw(users_json, api_key: 'users'), 'users.search' => raw(users_json, api_key: 'users')) }

    it 'returns the current user as a list (1.0.x)' do
      response = org.get_current_user
      expect(last_call).to eq(['users.list', { 'type' => 'CurrentUser' }])
      expect(response).to be_a(ZCRMSDK::Response::BulkAPIResponse)
      expect(response.data.first).to have_attributes(id: 'u1', name: 'A')
    end

    {
      get_all_users: 'AllUsers', get_all_active_users: 'ActiveUsers', get_all_deactive_users: 'DeactiveUsers',
      get_all_confirmed_users: 'ConfirmedUsers', get_all_not_confirmed_users: 'NotConfirmedUsers',
      get_all_deleted_users: 'DeletedUsers', get_all_active_confirmed_users: 'ActiveConfirmedUsers',
      get_all_admin_users: 'AdminUsers', get_all_active_confirmed_admin_users: 'ActiveConfirmedAdmins'
    }.each do |method_name, type|
      it "##{method_name} lists #{type}" do
        org.public_send(method_name)
        expect(last_call).to eq(['users.list', { 'type' => type, 'page' => 1, 'per_page' => 200 }])
        org.public_send(method_name, 2, 10)
        expect(last_call[1]).to include('page' => 2, 'per_page' => 10)
      end
    end

    it 'searches users' do
      expect(org.search_users_by_criteria('(email:equals:a@b.c)', 'ActiveUsers').data.size).to eq(1)
      expect(last_call).to eq(['users.search', { 'criteria' => '(email:equals:a@b.c)', 'type' => 'ActiveUsers',
                                                 'page' => 1, 'per_page' => 200 }])
      expect { org.search_users_by_criteria(nil) }.to raise_error(zcrm_exception_with_code('NO CRITERIA PROVIDED'))
    end
  end

  it 'gets one user' do
    stub_api('users.get' => raw(users_json, api_key: 'users'))
    response = org.get_user(1)
    expect(last_call).to eq(['users.get', { 'user_id' => '1' }])
    expect(response.data.role.name).to eq('CEO')
    expect { org.get_user(nil) }.to raise_error(zcrm_exception_with_code('USER ID IS NOT PROVIDED'))
  end

  it 'creates, updates and deletes users' do
    stub_api('users.create' => raw({ 'users' => [success_entry({ 'id' => 'u9' }, message: 'User added')] }, api_key: 'users'),
             'users.update' => raw({ 'users' => [success_entry({ 'id' => 'u9' })] }, api_key: 'users'),
             'users.delete' => raw({ 'users' => [success_entry({})] }, api_key: 'users'))
    user = ZCRMSDK::Operations::ZCRMUser.new
    user.last_name = 'Boyle'
    user.email = 'b@x.com'
    user.role = ZCRMSDK::Operations::ZCRMRole.new('r1')
    user.profile = ZCRMSDK::Operations::ZCRMProfile.new('p1')
    expect(org.create_user(user).message).to eq('User added')
    expect(last_call).to eq(['users.create', { 'user' => { 'role' => 'r1', 'profile' => 'p1', 'email' => 'b@x.com',
                                                           'last_name' => 'Boyle' } }])
    expect(user.id).to eq('u9')
    org.update_user(user)
    expect(last_call[1]).to include('user_id' => 'u9')
    org.delete_user('u9')
    expect(last_call).to eq(['users.delete', { 'user_id' => 'u9' }])
    expect { org.create_user(nil) }.to raise_error(zcrm_exception_with_code('USER INSTANCE IS NOT PROVIDED'))
    expect { org.update_user(ZCRMSDK::Operations::ZCRMUser.new) }
      .to raise_error(zcrm_exception_with_code('USER INSTANCE OR ID IS NOT PROVIDED'))
    expect { org.delete_user(nil) }.to raise_error(zcrm_exception_with_code('USER ID IS NOT PROVIDED'))
  end

  it 'reads roles and profiles (profiles list is an APIResponse, as in 1.0.x)' do
    stub_api('roles.list' => raw({ 'roles' => [{ 'id' => 'r1' }] }, api_key: 'roles'),
             'roles.get' => raw({ 'roles' => [{ 'id' => 'r1', 'name' => 'CEO' }] }, api_key: 'roles'),
             'profiles.list' => raw({ 'profiles' => [{ 'id' => 'p1' }] }, api_key: 'profiles'),
             'profiles.get' => raw({ 'profiles' => [{ 'id' => 'p1', 'name' => 'Admin' }] }, api_key: 'profiles'))
    expect(org.get_all_roles.data.first.id).to eq('r1')
    expect(org.get_role('r1').data.name).to eq('CEO')
    expect(last_call).to eq(['roles.get', { 'role_id' => 'r1' }])
    profiles = org.get_all_profiles
    expect(profiles).to be_a(ZCRMSDK::Response::APIResponse)
    expect(profiles.data.first.id).to eq('p1')
    expect(org.get_profile('p1').data.name).to eq('Admin')
    expect { org.get_role(nil) }.to raise_error(zcrm_exception_with_code('ROLE ID IS NOT PROVIDED'))
    expect { org.get_profile(nil) }.to raise_error(zcrm_exception_with_code('PROFILE ID IS NOT PROVIDED'))
  end

  describe 'taxes' do
    it 'reads taxes' do
      stub_api('taxes.list' => raw({ 'taxes' => [{ 'id' => 't1', 'name' => 'VAT' }] }, api_key: 'taxes'),
               'taxes.get' => raw({ 'taxes' => [{ 'id' => 't1', 'name' => 'VAT' }] }, api_key: 'taxes'))
      expect(org.get_organization_taxes.data.first.name).to eq('VAT')
      expect(org.get_organization_tax('t1').data.id).to eq('t1')
      expect(last_call).to eq(['taxes.get', { 'tax_id' => 't1' }])
      expect { org.get_organization_tax(nil) }.to raise_error(zcrm_exception_with_code('NO ORG TAX ID PROVIDED'))
    end

    it 'writes taxes' do
      answer = raw({ 'taxes' => [success_entry({ 'id' => 't9' })] }, api_key: 'taxes')
      stub_api('taxes.create' => answer, 'taxes.update' => answer, 'taxes.delete' => answer, 'taxes.delete_one' => answer)
      tax = ZCRMSDK::Operations::ZCRMOrgTax.new(nil, 'GST')
      tax.value = 5
      expect(org.create_organization_taxes([tax]).data).to eq([tax])
      expect(last_call).to eq(['taxes.create', { 'taxes' => [{ 'name' => 'GST', 'value' => 5 }] }])
      expect(tax.id).to eq('t9')
      org.update_organization_taxes([tax])
      expect(last_call[1]['taxes'].first).to include('id' => 't9')
      org.delete_organization_taxes(['t9', 10])
      expect(last_call).to eq(['taxes.delete', { 'ids' => %w[t9 10] }])
      org.delete_organization_tax('t9')
      expect(last_call).to eq(['taxes.delete_one', { 'tax_id' => 't9' }])
      expect { org.create_organization_taxes([tax]) }.to raise_error(zcrm_exception_with_code('ORG TAX ID PROVIDED'))
      expect { org.update_organization_taxes([ZCRMSDK::Operations::ZCRMOrgTax.new]) }
        .to raise_error(zcrm_exception_with_code('ORG TAX ID NOT PROVIDED'))
      expect { org.create_organization_taxes([]) }.to raise_error(zcrm_exception_with_code('NO ORG TAX PROVIDED'))
      expect { org.delete_organization_taxes(Array.new(101, 1)) }.to raise_error(zcrm_exception_with_code('MORE ORG TAX PROVIDED'))
      expect { org.delete_organization_tax(nil) }.to raise_error(zcrm_exception_with_code('NO ORG TAX ID PROVIDED'))
    end
  end

  describe 'notes' do
    it 'lists all notes with their parents' do
      stub_api('notes.list' => raw({ 'data' => [{ 'id' => 'n1', '$se_module' => 'Leads', 'Parent_Id' => { 'id' => 'l1' } }] }))
      note = org.get_notes('Modified_Time', 'desc').data.first
      expect(last_call).to eq(['notes.list', { 'page' => 1, 'per_page' => 200, 'sort_by' => 'Modified_Time', 'sort_order' => 'desc' }])
      expect(note.parent_record).to have_attributes(module_api_name: 'Leads', entity_id: 'l1')
    end

    it 'creates and deletes notes' do
      stub_api('notes.create' => raw({ 'data' => [success_entry({ 'id' => 'n5' })] }),
               'notes.delete' => raw({ 'data' => [success_entry({ 'id' => 'n5' })] }))
      note = ZCRMSDK::Operations::ZCRMNote.new(ZCRMSDK::Operations::ZCRMRecord.new('Leads', 'l1'))
      note.content = 'Hi'
      expect(org.create_notes([note]).data.first.id).to eq('n5')
      expect(last_call).to eq(['notes.create', { 'notes' => [{ 'Note_Content' => 'Hi', 'Parent_Id' => 'l1', 'se_module' => 'Leads' }] }])
      org.delete_notes(['n5'])
      expect(last_call).to eq(['notes.delete', { 'ids' => ['n5'] }])
      expect { org.delete_notes([]) }.to raise_error(zcrm_exception_with_code('NO NOTES PROVIDED'))
    end
  end

  describe 'variables' do
    it 'lists variables and groups' do
      stub_api('variables.list' => raw({ 'variables' => [{ 'id' => 'v1', 'api_name' => 'Rate' }] }, api_key: 'variables'),
               'variable_groups.list' => raw({ 'variable_groups' => [{ 'id' => 'g1' }] }, api_key: 'variable_groups'))
      expect(org.get_variables.data.first).to have_attributes(id: 'v1', api_name: 'Rate')
      expect(org.get_variable_groups.data.first.id).to eq('g1')
    end

    it 'creates and updates variables' do
      answer = raw({ 'variables' => [success_entry({ 'id' => 'v7' })] }, api_key: 'variables')
      stub_api('variables.create' => answer, 'variables.update' => answer)
      variable = ZCRMSDK::Operations::ZCRMVariable.new('Rate')
      variable.name = 'Rate'
      variable.type = 'integer'
      variable.value = 1
      expect(org.create_variables([variable]).data).to eq([variable])
      expect(last_call).to eq(['variables.create', { 'variables' => [{ 'name' => 'Rate', 'api_name' => 'Rate', 'type' => 'integer',
                                                                       'value' => 1 }] }])
      expect(variable.id).to eq('v7')
      org.update_variables([variable])
      expect(last_call[1]['variables'].first).to include('id' => 'v7')
      expect { org.create_variables([variable]) }.to raise_error(zcrm_exception_with_code('VARIABLE ID PROVIDED'))
      expect { org.update_variables([ZCRMSDK::Operations::ZCRMVariable.new]) }
        .to raise_error(zcrm_exception_with_code('VARIABLE ID NOT PROVIDED'))
      expect { org.create_variables([]) }.to raise_error(zcrm_exception_with_code('NO VARIABLES PROVIDED'))
    end
  end

  it 'refuses entity lists holding nil or plain data, naming the entity class, before sending' do
    stub_api
    { create_organization_taxes: 'ZCRMOrgTax', update_organization_taxes: 'ZCRMOrgTax', create_notes: 'ZCRMNote',
      create_variables: 'ZCRMVariable', update_variables: 'ZCRMVariable' }.each do |method, noun|
      expect { org.public_send(method, [nil]) }
        .to raise_error(zcrm_exception_with_code('INVALID ARGUMENT'), /#{method} takes #{noun} instances.*item 0 is nil/)
    end
    expect(calls).to be_empty
  end
end
