# frozen_string_literal: true

# The organization (ZCRMRestClient#get_organization_details), its taxes (ZCRMOrganization)
# and its variables (ZCRMOrganization, ZCRMVariable, ZCRMVariableGroup).
RSpec.describe 'CRM organization, taxes and variables' do
  include_context 'with a signed-in CRM'

  let(:org) { client.get_organization_instance }
  let(:operations) { ZCRMSDK::Operations }

  describe 'ZCRMRestClient#get_organization_details' do
    it 'GETs org: an APIResponse whose data is the ZCRMSDK::Org::ZCRMOrganization, license details included' do
      response = client.get_organization_details

      expect(request_for(:get, '/org').query).to eq({})
      expect(response).to be_a(ZCRMSDK::Response::APIResponse)
      expect(response.status_code).to eq(200)
      expect(response.data).to be_a(ZCRMSDK::Org::ZCRMOrganization)
      expect(response.data).to have_attributes(company_name: 'Emulated Widgets Inc', org_id: '4150868000000004001',
                                               primary_email: emulator.user_email, alias_aka: 'emulated',
                                               currency_symbol: '$', iso_code: 'USD', zip_code: '94588', country_code: 'US')
      expect(response.data).to have_attributes(is_paid_account: true, paid_type: 'enterprise', users_license_purchased: 10)
    end
  end

  describe 'taxes' do
    let(:seeded) { { 'Sales Tax' => 8, 'Vat' => 12.5 } }

    def new_tax(name, value)
      operations::ZCRMOrgTax.get_instance(nil, name).tap do |tax|
        tax.display_label = name
        tax.value = value
      end
    end

    def create_taxes!(*taxes)
      org.create_organization_taxes(taxes).tap { emulator.clear_requests }
      taxes
    end

    it 'get_organization_taxes GETs org/taxes: ZCRMOrgTaxes' do
      response = org.get_organization_taxes

      expect(request_for(:get, '/org/taxes').query).to eq({})
      expect(response).to be_a(ZCRMSDK::Response::BulkAPIResponse)
      expect(response.data).to all(be_a(operations::ZCRMOrgTax))
      expect(response.data.to_h { |t| [t.name, t.value] }).to eq(seeded)
      expect(response.data.map(&:sequence_number)).to eq([1, 2])
      expect(response.data.map(&:id)).to all(match(/\A\d+\z/))
    end

    it 'get_organization_tax GETs org/taxes/{id}: an APIResponse whose data is the ZCRMOrgTax' do
      vat = org.get_organization_taxes.data.find { |t| t.name == 'Vat' }
      emulator.clear_requests
      response = org.get_organization_tax(vat.id)

      expect(request_for(:get, "/org/taxes/#{vat.id}")).not_to be_nil
      expect(response).to be_a(ZCRMSDK::Response::APIResponse)
      expect(response.data).to be_a(operations::ZCRMOrgTax)
      expect(response.data).to have_attributes(id: vat.id, name: 'Vat', value: 12.5, display_label: vat.display_label)
    end

    it 'create_organization_taxes POSTs org/taxes {"taxes":[…]}; the taxes get their ids' do
      gst = new_tax('GST', 5.5)
      eco = new_tax('Eco', 1)
      response = org.create_organization_taxes([gst, eco])

      expect(request_for(:post, '/org/taxes').json).to eq(
        'taxes' => [{ 'name' => 'GST', 'display_label' => 'GST', 'value' => 5.5 },
                    { 'name' => 'Eco', 'display_label' => 'Eco', 'value' => 1 }]
      )
      expect(response).to be_a(ZCRMSDK::Response::BulkAPIResponse)
      expect(response.status_code).to eq(201)
      expect(response.bulk_entity_response.map(&:status)).to eq(%w[success success])
      expect(response.data).to eq([gst, eco])
      expect([gst.id, eco.id]).to all(match(/\A\d{19}\z/))
      expect(org.get_organization_taxes.data.to_h { |t| [t.name, t.value] }).to eq(seeded.merge('GST' => 5.5, 'Eco' => 1))
    end

    it 'create_organization_taxes reports a duplicate name per tax, without raising' do
      response = org.create_organization_taxes([new_tax('GST', 5.5), new_tax('vat', 20)])
      expect(response.status_code).to eq(207)
      expect(response.bulk_entity_response.map { |r| [r.status, r.code] }).to eq([%w[success SUCCESS], %w[error DUPLICATE_DATA]])
      expect(response.data.map(&:name)).to eq(['GST'])
    end

    it 'update_organization_taxes PUTs org/taxes with ids' do
      gst, = create_taxes!(new_tax('GST', 5.5))
      gst.value = 6
      response = org.update_organization_taxes([gst])

      expect(request_for(:put, '/org/taxes').json).to eq(
        'taxes' => [{ 'id' => gst.id, 'name' => 'GST', 'display_label' => 'GST', 'value' => 6 }]
      )
      expect(response).to be_a(ZCRMSDK::Response::BulkAPIResponse)
      expect(response.data).to eq([gst])
      expect(org.get_organization_tax(gst.id).data.value).to eq(6)
    end

    it 'delete_organization_taxes DELETEs org/taxes?ids=; delete_organization_tax DELETEs org/taxes/{id}' do
      gst, eco, fee = create_taxes!(new_tax('GST', 5.5), new_tax('Eco', 1), new_tax('Fee', 2))
      bulk = org.delete_organization_taxes([gst.id, eco])
      single = org.delete_organization_tax(fee.id)

      expect(request_for(:delete, '/org/taxes').query).to eq('ids' => "#{gst.id},#{eco.id}")
      expect(request_for(:delete, "/org/taxes/#{fee.id}")).not_to be_nil
      expect(bulk).to be_a(ZCRMSDK::Response::BulkAPIResponse)
      expect(bulk.bulk_entity_response.map { |r| [r.status, r.details] })
        .to eq([['success', { 'id' => gst.id }], ['success', { 'id' => eco.id }]])
      expect(single).to be_a(ZCRMSDK::Response::APIResponse)
      expect(single).to have_attributes(status_code: 200, status: 'success')
      expect(org.get_organization_taxes.data.map(&:name)).to match_array(seeded.keys)
    end

    [
      [:create_organization_taxes, [], 'NO ORG TAX PROVIDED'],
      [:create_organization_taxes, Array.new(101) { ZCRMSDK::Operations::ZCRMOrgTax.new(nil, 'x') }, 'MORE ORG TAXES PROVIDED'],
      [:create_organization_taxes, [ZCRMSDK::Operations::ZCRMOrgTax.new('1', 'x')], 'ORG TAX ID PROVIDED'],
      [:update_organization_taxes, [ZCRMSDK::Operations::ZCRMOrgTax.new(nil, 'x')], 'ORG TAX ID NOT PROVIDED'],
      [:delete_organization_taxes, [], 'NO ORG TAX PROVIDED'],
      [:delete_organization_taxes, Array.new(101, &:to_s), 'MORE ORG TAX PROVIDED'],
      [:delete_organization_tax, nil, 'NO ORG TAX ID PROVIDED'],
      [:get_organization_tax, nil, 'NO ORG TAX ID PROVIDED']
    ].each do |name, argument, code|
      it "#{name} refuses #{argument.inspect[0, 30]} with #{code}" do
        expect(error_from { org.public_send(name, argument) }).to have_attributes(status_code: 400, exception_code: code)
        expect(crm_requests).to be_empty
      end
    end
  end

  describe 'variables and variable groups' do
    let(:groups) { org.get_variable_groups.data.tap { emulator.clear_requests } }
    let(:general) { groups.find { |g| g.api_name == 'General' } }

    def new_variable(api_name, value, group)
      operations::ZCRMVariable.get_instance(api_name).tap do |variable|
        variable.name = api_name.tr('_', ' ')
        variable.type = 'text'
        variable.value = value
        variable.variable_group = group
      end
    end

    def create_variable!(api_name = 'Api_Key', value = 'abc')
      variable = new_variable(api_name, value, general)
      org.create_variables([variable])
      emulator.clear_requests
      variable
    end

    it 'ZCRMOrganization#get_variable_groups GETs settings/variable_groups: ZCRMVariableGroups' do
      response = org.get_variable_groups

      expect(request_for(:get, '/settings/variable_groups').query).to eq({})
      expect(response).to be_a(ZCRMSDK::Response::BulkAPIResponse)
      expect(response.data).to all(be_a(operations::ZCRMVariableGroup))
      expect(response.data.map { |g| [g.api_name, g.name, g.display_label] })
        .to match_array([%w[General General General], %w[Marketing Marketing Marketing]])
    end

    it 'ZCRMVariableGroup#get GETs settings/variable_groups/{id} and fills the group itself' do
      group = operations::ZCRMVariableGroup.get_instance(nil, general.id)
      response = group.get

      expect(request_for(:get, "/settings/variable_groups/#{general.id}")).not_to be_nil
      expect(response).to be_a(ZCRMSDK::Response::APIResponse)
      expect(response.data).to equal(group)
      expect(group).to have_attributes(api_name: 'General', name: 'General', description: general.description)
      expect(error_from { operations::ZCRMVariableGroup.new.get }.exception_code).to eq('ID IS NOT PROVIDED')
    end

    it 'ZCRMOrganization#get_variables GETs settings/variables: ZCRMVariables with their group' do
      response = org.get_variables

      expect(request_for(:get, '/settings/variables').query).to eq({})
      expect(response).to be_a(ZCRMSDK::Response::BulkAPIResponse)
      expect(response.data).to all(be_a(operations::ZCRMVariable))
      by_name = response.data.to_h { |v| [v.api_name, v] }
      expect(by_name['Support_Email']).to have_attributes(type: 'email', value: 'support@example.com')
      expect(by_name['Discount_Limit']).to have_attributes(type: 'integer', value: 15)
      expect(by_name['Support_Email'].variable_group).to be_a(operations::ZCRMVariableGroup)
      expect(by_name['Support_Email'].variable_group.api_name).to eq('General')
    end

    it 'ZCRMOrganization#create_variables POSTs settings/variables {"variables":[…]}; variables get their ids' do
      variable = new_variable('Api_Key', 'abc', general)
      response = org.create_variables([variable])

      expect(request_for(:post, '/settings/variables').json).to eq(
        'variables' => [{ 'api_name' => 'Api_Key', 'name' => 'Api Key', 'type' => 'text', 'value' => 'abc',
                          'variable_group' => { 'id' => general.id, 'api_name' => 'General' } }]
      )
      expect(response).to be_a(ZCRMSDK::Response::BulkAPIResponse)
      expect(response.status_code).to eq(201)
      expect(response.data).to eq([variable])
      expect(variable.id).to match(/\A\d{19}\z/)
      expect(org.get_variables.data.map(&:api_name)).to include('Api_Key')
    end

    it 'ZCRMOrganization#update_variables PUTs settings/variables with ids' do
      variable = create_variable!
      variable.value = 'rotated'
      response = org.update_variables([variable])

      json = request_for(:put, '/settings/variables').json
      expect(json['variables'].map { |v| v.slice('id', 'value') }).to eq([{ 'id' => variable.id, 'value' => 'rotated' }])
      expect(response.bulk_entity_response.map(&:status)).to eq(['success'])
      expect(response.data).to eq([variable])
      expect(org.get_variables.data.find { |v| v.id == variable.id }.value).to eq('rotated')
    end

    it 'ZCRMVariable#get GETs settings/variables/{id}?group= (group id or api name) and fills the variable itself' do
      created = create_variable!
      variable = operations::ZCRMVariable.get_instance(nil, created.id)
      response = variable.get(general.id)
      by_name = operations::ZCRMVariable.get_instance(nil, created.id).get('General')

      expect(requests_for(:get, "/settings/variables/#{created.id}").map(&:query))
        .to eq([{ 'group' => general.id }, { 'group' => 'General' }])
      expect(response).to be_a(ZCRMSDK::Response::APIResponse)
      expect(response.data).to equal(variable)
      expect(variable).to have_attributes(api_name: 'Api_Key', name: 'Api Key', type: 'text', value: 'abc')
      expect(variable.variable_group.id).to eq(general.id)
      expect(by_name.data.value).to eq('abc')
    end

    it 'ZCRMVariable#update PUTs settings/variables/{id} {"variables":[…]}' do
      variable = create_variable!
      variable.value = 'changed'
      response = variable.update

      json = request_for(:put, "/settings/variables/#{variable.id}").json
      expect(json['variables'].size).to eq(1)
      expect(json['variables'].first).to include('id' => variable.id, 'value' => 'changed')
      expect(response).to be_a(ZCRMSDK::Response::APIResponse)
      expect(response).to have_attributes(status_code: 200, status: 'success', message: 'variable updated')
      expect(response.data).to equal(variable)
      expect(operations::ZCRMVariable.get_instance(nil, variable.id).get('General').data.value).to eq('changed')
    end

    it 'ZCRMVariable#delete DELETEs settings/variables/{id}' do
      variable = create_variable!
      response = variable.delete

      expect(request_for(:delete, "/settings/variables/#{variable.id}")).not_to be_nil
      expect(response).to be_a(ZCRMSDK::Response::APIResponse)
      expect(response).to have_attributes(status_code: 200, status: 'success', message: 'variable deleted')
      expect(org.get_variables.data.map(&:api_name)).not_to include('Api_Key')
    end

    it 'refuse variables without the ids they need' do
      no_id = operations::ZCRMVariable.get_instance('X')
      expect(error_from { no_id.get('General') }.exception_code).to eq('ID IS NOT PROVIDED')
      expect(error_from { operations::ZCRMVariable.get_instance('X', '1').get(nil) }.exception_code).to eq('ID IS NOT PROVIDED')
      expect(error_from { no_id.update }.exception_code).to eq('ID IS NOT PROVIDED')
      expect(error_from { no_id.delete }.exception_code).to eq('ID IS NOT PROVIDED')
      expect(error_from { org.create_variables([]) }.exception_code).to eq('NO VARIABLES PROVIDED')
      expect(error_from { org.create_variables([operations::ZCRMVariable.new('X', '1')]) }.exception_code)
        .to eq('VARIABLE ID PROVIDED')
      expect(error_from { org.update_variables([no_id]) }.exception_code).to eq('VARIABLE ID NOT PROVIDED')
      expect(crm_requests).to be_empty
    end
  end
end
