# frozen_string_literal: true

# Metadata: ZCRMRestClient's module calls and instance builders, and ZCRMModule's fields,
# layouts, custom views (ZCRMCustomView#get_records too) and related-list definitions.
RSpec.describe 'CRM metadata' do
  include_context 'with a signed-in CRM'

  let(:leads) { module_named('Leads') }
  let(:operations) { ZCRMSDK::Operations }

  describe 'ZCRMRestClient' do
    it 'get_instance gives a new client each call, as 1.0.x did' do
      expect(ZCRMSDK::RestClient::ZCRMRestClient.get_instance).to be_a(ZCRMSDK::RestClient::ZCRMRestClient)
      expect(ZCRMSDK::RestClient::ZCRMRestClient.get_instance).not_to equal(ZCRMSDK::RestClient::ZCRMRestClient.get_instance)
    end

    it 'current_user_email is the configured user' do
      expect(ZCRMSDK::RestClient::ZCRMRestClient.current_user_email).to eq(emulator.user_email)
    end

    it 'get_all_modules GETs settings/modules: a BulkAPIResponse of ZCRMModules' do
      response = client.get_all_modules

      expect(request_for(:get, '/settings/modules').query).to eq({})
      expect(response).to be_a(ZCRMSDK::Response::BulkAPIResponse)
      expect(response.status_code).to eq(200)
      expect(response.data).to all(be_a(operations::ZCRMModule))
      expect(response.data.map(&:api_name)).to include('Leads', 'Contacts', 'Accounts', 'Deals', 'Notes')
      leads_module = response.data.find { |m| m.api_name == 'Leads' }
      expect(leads_module).to have_attributes(singular_label: 'Lead', plural_label: 'Leads', is_convertable: true,
                                              is_creatable: true, is_api_supported: true, is_custom_module: false)
      expect(leads_module.id).to match(/\A\d+\z/)
    end

    it 'get_module GETs settings/modules/{name}: an APIResponse whose data is the ZCRMModule with its details' do
      response = client.get_module('Leads')

      expect(request_for(:get, '/settings/modules/Leads')).not_to be_nil
      expect(response).to be_a(ZCRMSDK::Response::APIResponse)
      mod = response.data
      expect(mod).to be_a(operations::ZCRMModule)
      expect(mod).to have_attributes(api_name: 'Leads', singular_label: 'Lead', generated_type: 'default',
                                     display_field_name: 'Full_Name', per_page: 200)
      expect(mod.profiles.map(&:class).uniq).to eq([operations::ZCRMProfile])
      expect(mod.profiles.map(&:name)).to include('Administrator')
      expect(mod.business_card_fields).to include('Last_Name')
      expect(mod.modified_by).to be_a(operations::ZCRMUser)
      expect(mod.default_custom_view_id).to eq(leads.get_all_customviews.data.find(&:is_default).id)
    end

    it 'get_module raises Zoho\'s error for an unknown module, and refuses a blank name' do
      error = error_from { client.get_module('No_Such_Module') }
      expect(error).to be_a(ZCRMSDK::APIError)
      expect(error.status_code).to be_between(400, 404)
      expect(error_from { client.get_module(nil) }.exception_code).to eq('NO MODULE API NAME PROVIDED')
    end

    it 'get_module_instance / get_record_instance / get_organization_instance build objects without any request' do
      mod = client.get_module_instance('Deals')
      record = client.get_record_instance('Deals', '4150868000000123456')
      blank = client.get_record_instance
      org = client.get_organization_instance

      expect(mod).to be_a(operations::ZCRMModule)
      expect(mod.api_name).to eq('Deals')
      expect(record).to be_a(operations::ZCRMRecord)
      expect(record).to have_attributes(module_api_name: 'Deals', entity_id: '4150868000000123456', field_data: {})
      expect(blank).to have_attributes(module_api_name: nil, entity_id: nil)
      expect(org).to be_a(ZCRMSDK::Org::ZCRMOrganization)
      expect(crm_requests).to be_empty
    end
  end

  describe 'fields: ZCRMModule#get_all_fields / #get_field' do
    it 'get_all_fields GETs settings/fields?module=: ZCRMFields with their 1.0.x attributes' do
      response = leads.get_all_fields

      expect(request_for(:get, '/settings/fields').query).to eq('module' => 'Leads')
      expect(response).to be_a(ZCRMSDK::Response::BulkAPIResponse)
      expect(response.data).to all(be_a(operations::ZCRMField))
      by_name = response.data.to_h { |f| [f.api_name, f] }
      expect(by_name.keys).to include('Last_Name', 'Company', 'Email', 'Lead_Status', 'Owner')
      expect(by_name['Last_Name']).to have_attributes(is_mandatory: true, data_type: 'text', field_label: 'Last Name')
      expect(by_name['Email']).to have_attributes(is_mandatory: false, data_type: 'email')
      expect(by_name['Lead_Status'].picklist_values.map(&:actual_value)).to include('Contacted', 'Junk Lead')
      expect(by_name['Lead_Status'].picklist_values.first).to be_a(operations::ZCRMPickListValue)
    end

    it 'get_field GETs settings/fields/{id}?module=: an APIResponse whose data is the ZCRMField' do
      status_field = leads.get_all_fields.data.find { |f| f.api_name == 'Lead_Status' }
      emulator.clear_requests
      response = leads.get_field(status_field.id)

      expect(request_for(:get, "/settings/fields/#{status_field.id}").query).to eq('module' => 'Leads')
      expect(response).to be_a(ZCRMSDK::Response::APIResponse)
      expect(response.data).to be_a(operations::ZCRMField)
      expect(response.data).to have_attributes(id: status_field.id, api_name: 'Lead_Status', field_label: 'Lead Status',
                                               data_type: 'picklist', is_custom_field: false)
      expect(response.data.picklist_values.map(&:display_value)).to eq(status_field.picklist_values.map(&:display_value))
    end

    it 'get_field refuses a missing id' do
      expect(error_from { leads.get_field(nil) }.exception_code).to eq('FIELD ID IS NOT PROVIDED')
      expect(crm_requests).to be_empty
    end
  end

  describe 'layouts: ZCRMModule#get_all_layouts / #get_layout' do
    it 'get_all_layouts GETs settings/layouts?module=; get_layout GETs settings/layouts/{id}?module=' do
      layouts = leads.get_all_layouts
      layout_id = layouts.data.first.id
      layout = leads.get_layout(layout_id)

      expect(request_for(:get, '/settings/layouts').query).to eq('module' => 'Leads')
      expect(request_for(:get, "/settings/layouts/#{layout_id}").query).to eq('module' => 'Leads')
      expect(layouts).to be_a(ZCRMSDK::Response::BulkAPIResponse)
      expect(layouts.data).to all(be_a(operations::ZCRMLayout))
      expect(layouts.data.map(&:name)).to include('Standard')
      expect(layout).to be_a(ZCRMSDK::Response::APIResponse)
      expect(layout.data).to be_a(operations::ZCRMLayout)
      expect(layout.data).to have_attributes(id: layout_id, name: 'Standard', is_visible: true)
      expect(layout.data.sections).to all(be_a(operations::ZCRMSection))
      expect(layout.data.sections.flat_map { |s| s.fields.map(&:api_name) }).to include('Last_Name', 'Email')
      expect(layout.data.accessible_profiles.map(&:name)).to include('Administrator')
      expect(layout.data.convert_mapping.keys).to include('Contacts', 'Accounts', 'Deals')
    end

    it 'get_layout refuses a missing id' do
      expect(error_from { leads.get_layout(nil) }.exception_code).to eq('LAYOUT ID IS NOT PROVIDED')
    end
  end

  describe 'custom views: ZCRMModule#get_all_customviews / #get_customview / #update_customview' do
    let(:views) { leads.get_all_customviews.data.tap { emulator.clear_requests } }

    it 'get_all_customviews GETs settings/custom_views?module=; categories come from info.translation' do
      response = leads.get_all_customviews

      expect(request_for(:get, '/settings/custom_views').query).to eq('module' => 'Leads')
      expect(response).to be_a(ZCRMSDK::Response::BulkAPIResponse)
      expect(response.data).to all(be_a(operations::ZCRMCustomView))
      expect(response.data.map(&:name)).to include('All Leads', 'My Leads')
      expect(response.data.map(&:module_api_name).uniq).to eq(['Leads'])
      expect(response.data.count(&:is_default)).to eq(1)
      categories = response.data.first.categories
      expect(categories).to all(be_a(operations::ZCRMCustomViewCategory))
      expect(categories.map(&:actual_value)).to include('created_by_me')
    end

    it 'get_customview GETs settings/custom_views/{id}?module=, criteria as a ZCRMCustomViewCriteria' do
      mine = views.find { |v| v.name == 'My Leads' }
      response = leads.get_customview(mine.id)

      expect(request_for(:get, "/settings/custom_views/#{mine.id}").query).to eq('module' => 'Leads')
      expect(response).to be_a(ZCRMSDK::Response::APIResponse)
      expect(response.data).to be_a(operations::ZCRMCustomView)
      expect(response.data).to have_attributes(id: mine.id, name: 'My Leads', module_api_name: 'Leads')
      expect(response.data.criteria).to be_a(operations::ZCRMCustomViewCriteria)
      expect(response.data.criteria_condition).to include('Owner')
    end

    it 'update_customview PUTs {"custom_views":[{"sort_by":{…},"sort_order"}]} and the view sorts that way' do
      view = views.find { |v| v.name == 'All Leads' }
      create_leads!(3)
      view.sort_by = 'Last_Name'
      view.sort_order = 'desc'
      response = leads.update_customview(view)

      request = request_for(:put, "/settings/custom_views/#{view.id}")
      expect(request.query).to eq('module' => 'Leads')
      expect(request.json).to eq('custom_views' => [{ 'sort_by' => { 'api_name' => 'Last_Name' }, 'sort_order' => 'desc' }])
      expect(response).to be_a(ZCRMSDK::Response::APIResponse)
      expect(response).to have_attributes(status_code: 200, status: 'success', data: nil)
      expect(leads.get_customview(view.id).data).to have_attributes(sort_order: 'desc')
      expect(view.get_records.data.map { |r| r['Last_Name'] }).to eq(['Lead 003', 'Lead 002', 'Lead 001'])
    end

    it 'update_customview takes the sort field as a ZCRMField too (1.0.x), sending its id and api_name' do
      view = views.find { |v| v.name == 'My Leads' }
      field = leads.get_all_fields.data.find { |f| f.api_name == 'Company' }
      emulator.clear_requests
      view.sort_by = field
      view.sort_order = 'asc'
      leads.update_customview(view)

      expect(request_for(:put, "/settings/custom_views/#{view.id}").json)
        .to eq('custom_views' => [{ 'sort_by' => { 'id' => field.id, 'api_name' => 'Company' }, 'sort_order' => 'asc' }])
      expect(leads.get_customview(view.id).data.sort_by).to eq('Company')
    end

    it 'get_customview / update_customview refuse a missing id' do
      expect(error_from { leads.get_customview(nil) }.exception_code).to eq('CUSTOM VIEW ID IS NOT PROVIDED')
      expect(error_from { leads.update_customview(operations::ZCRMCustomView.new(nil)) }.exception_code)
        .to eq('NO CUSTOM VIEW INSTANCE PROVIDED')
      expect(crm_requests).to be_empty
    end

    it 'ZCRMCustomView#get_records GETs {module}?cvid= and lists only what the view selects' do
      mine = views.find { |v| v.name == 'My Leads' }
      grace = client.get_organization_instance.get_all_users.data.find { |u| u.email == 'grace.hopper@example.com' }
      create_lead!('Mine')
      theirs = new_lead('Theirs')
      theirs.owner = grace
      theirs.create
      emulator.clear_requests

      response = mine.get_records(nil, nil, 1, 50)
      expect(request_for(:get, '/Leads').query).to eq('cvid' => mine.id, 'page' => '1', 'per_page' => '50')
      expect(response).to be_a(ZCRMSDK::Response::BulkAPIResponse)
      expect(response.data.map { |r| r['Last_Name'] }).to eq(['Mine'])
      all = views.find { |v| v.name == 'All Leads' }.get_records
      expect(all.data.map { |r| r['Last_Name'] }).to match_array(%w[Mine Theirs])
    end
  end

  describe 'related-list definitions: ZCRMModule#get_all_relatedlists / #get_relatedlist' do
    it 'GETs settings/related_lists?module= and settings/related_lists/{id}?module=' do
      lists = leads.get_all_relatedlists
      notes = lists.data.find { |l| l.api_name == 'Notes' }
      one = leads.get_relatedlist(notes.id)

      expect(request_for(:get, '/settings/related_lists').query).to eq('module' => 'Leads')
      expect(request_for(:get, "/settings/related_lists/#{notes.id}").query).to eq('module' => 'Leads')
      expect(lists).to be_a(ZCRMSDK::Response::BulkAPIResponse)
      expect(lists.data).to all(be_a(operations::ZCRMModuleRelatedList))
      expect(lists.data.map(&:api_name)).to include('Notes', 'Attachments', 'Products', 'Campaigns')
      expect(notes).to have_attributes(display_label: 'Notes', module_apiname: 'Notes', is_visible: true,
                                       href: 'Leads/{ENTITYID}/Notes')
      expect(one).to be_a(ZCRMSDK::Response::APIResponse)
      expect(one.data).to be_a(operations::ZCRMModuleRelatedList)
      expect(one.data).to have_attributes(api_name: 'Notes', id: notes.id)
    end

    it 'get_relatedlist refuses a missing id' do
      expect(error_from { leads.get_relatedlist(nil) }.exception_code).to eq('NO RELATED LIST ID PROVIDED')
    end
  end
end
