# frozen_string_literal: true

# A record's related lists: reading them (ZCRMRecord#get_relatedlist_records,
# ZCRMModuleRelation#get_records, each_related_record) and linking records through a junction
# (ZCRMRecord#add_relation / #remove_relation with a ZCRMJunctionRecord).
RSpec.describe 'CRM related lists' do
  include_context 'with a signed-in CRM'

  let(:account) { create_records!('Accounts', [{ 'Account_Name' => 'Acme' }]).first }
  let!(:contacts) do
    create_records!('Contacts', [{ 'Last_Name' => 'Smith', 'Account_Name' => { 'id' => account.entity_id } },
                                 { 'Last_Name' => 'Jones', 'Account_Name' => { 'id' => account.entity_id } },
                                 { 'Last_Name' => 'Adams', 'Account_Name' => { 'id' => account.entity_id } },
                                 { 'Last_Name' => 'Elsewhere' }])
  end
  let(:deal) { create_records!('Deals', [{ 'Deal_Name' => 'Big one', 'Stage' => 'Qualification' }]).first }
  let(:names) { ->(response) { response.data.map { |r| r['Last_Name'] } } }

  describe 'ZCRMRecord#get_relatedlist_records' do
    it 'GETs {module}/{id}/{list}?page=1&per_page=20; data are records of the related module' do
      response = account.get_relatedlist_records('Contacts')

      expect(request_for(:get, "/Accounts/#{account.entity_id}/Contacts").query).to eq('page' => '1', 'per_page' => '20')
      expect(response).to be_a(ZCRMSDK::Response::BulkAPIResponse)
      expect(response.status_code).to eq(200)
      expect(response.data).to all(be_a(ZCRMSDK::Operations::ZCRMRecord))
      expect(response.data.map(&:module_api_name).uniq).to eq(['Contacts'])
      expect(names.call(response)).to match_array(%w[Smith Jones Adams])
      expect(response.data.map { |r| r['Account_Name'].entity_id }.uniq).to eq([account.entity_id])
    end

    # Zoho's v2 related-records page documents page and per_page only, so the order the sort
    # parameters ask for is not promised (the emulator ignores them).
    it 'sends the sort field as sort_by_field (1.0.x\'s name), with sort_order, page and per_page' do
      response = account.get_relatedlist_records('Contacts', 'Last_Name', 'asc', 1, 2)

      expect(request_for(:get, "/Accounts/#{account.entity_id}/Contacts").query)
        .to eq('sort_by_field' => 'Last_Name', 'sort_order' => 'asc', 'page' => '1', 'per_page' => '2')
      expect(names.call(response).size).to eq(2)
      expect(%w[Smith Jones Adams]).to include(*names.call(response))
      expect(response.info).to have_attributes(is_more_records: true, count: 2)
    end

    it 'takes fields: (beyond 1.0.x)' do
      response = account.get_relatedlist_records('Contacts', fields: %w[Last_Name])
      expect(request_for(:get, "/Accounts/#{account.entity_id}/Contacts").query).to include('fields' => 'Last_Name')
      expect(response.data.map { |r| r.field_data.keys }).to all(eq(['Last_Name']))
      expect(names.call(response)).to match_array(%w[Smith Jones Adams])
    end

    it 'does not raise on 304 when modified_since: is after the last change' do
      response = account.get_relatedlist_records('Contacts', modified_since: Time.now + 3600)
      expect(response.status_code).to eq(304)
      expect(response.data).to eq([])
    end

    it 'raises "No Content" for an empty related list, as 1.0.x did' do
      error = error_from { deal.get_relatedlist_records('Contact_Roles') }
      expect(error).to have_attributes(status_code: 204, exception_code: 'No Content')
    end
  end

  describe 'ZCRMModuleRelation#get_records' do
    it 'is the same call through the 1.0.x relation object' do
      relation = ZCRMSDK::Operations::ZCRMModuleRelation.get_instance(account, 'Contacts')
      response = relation.get_records('Last_Name', 'desc')

      expect(request_for(:get, "/Accounts/#{account.entity_id}/Contacts").query)
        .to eq('sort_by_field' => 'Last_Name', 'sort_order' => 'desc', 'page' => '1', 'per_page' => '20')
      expect(names.call(response)).to eq(%w[Smith Jones Adams])
    end
  end

  describe 'ZCRMRecord#add_relation / #remove_relation' do
    let(:junction) do
      ZCRMSDK::Operations::ZCRMJunctionRecord.get_instance('Contact_Roles', contacts.first.entity_id).tap do |j|
        j.related_data['Contact_Role'] = 'Decision Maker'
      end
    end

    it 'add_relation PUTs {module}/{id}/{junction api_name}/{junction id} with {"data":[related_data]}' do
      response = deal.add_relation(junction)

      expect(request_for(:put, "/Deals/#{deal.entity_id}/Contact_Roles/#{contacts.first.entity_id}").json)
        .to eq('data' => [{ 'Contact_Role' => 'Decision Maker' }])
      expect(response).to be_a(ZCRMSDK::Response::APIResponse)
      expect(response).to have_attributes(status_code: 200, status: 'success', code: 'SUCCESS', message: 'relation added')
      expect(response.details).to eq('id' => contacts.first.entity_id)

      related = deal.get_relatedlist_records('Contact_Roles').data
      expect(related.map { |r| [r.entity_id, r['Last_Name'], r['Contact_Role']] })
        .to eq([[contacts.first.entity_id, 'Smith', 'Decision Maker']])
    end

    it 'remove_relation DELETEs the same path; the related list is empty again' do
      deal.add_relation(junction)
      emulator.clear_requests
      response = deal.remove_relation(junction)

      expect(request_for(:delete, "/Deals/#{deal.entity_id}/Contact_Roles/#{contacts.first.entity_id}").body).to be_nil
      expect(response).to have_attributes(status_code: 200, status: 'success', message: 'relation removed')
      expect { deal.get_relatedlist_records('Contact_Roles') }.to raise_error(ZCRMSDK::NoContentError)
    end

    it 'ZCRMModuleRelation#add_relation / #remove_relation (the 1.0.x class behind them) do the same' do
      relation = ZCRMSDK::Operations::ZCRMModuleRelation.get_instance(deal, junction)
      added = relation.add_relation
      listed = deal.get_relatedlist_records('Contact_Roles').data.map(&:entity_id)
      removed = relation.remove_relation

      path = "/Deals/#{deal.entity_id}/Contact_Roles/#{contacts.first.entity_id}"
      expect(crm_requests.map(&:to_s)).to eq(["PUT #{path}", "GET /Deals/#{deal.entity_id}/Contact_Roles?page=1&per_page=20",
                                              "DELETE #{path}"])
      expect([added.status, removed.status]).to eq(%w[success success])
      expect(listed).to eq([contacts.first.entity_id])
    end

    it 'links a lead to products (a junction without extra data sends {"data":[{}]})' do
      lead = create_lead!('Ramirez')
      product = create_records!('Products', [{ 'Product_Name' => 'Widget' }]).first
      lead.add_relation(ZCRMSDK::Operations::ZCRMJunctionRecord.get_instance('Products', product.entity_id))

      expect(request_for(:put, "/Leads/#{lead.entity_id}/Products/#{product.entity_id}").json).to eq('data' => [{}])
      expect(lead.get_relatedlist_records('Products').data.map(&:entity_id)).to eq([product.entity_id])
    end

    it 'raises Zoho\'s error for a related list the module does not have' do
      wrong = ZCRMSDK::Operations::ZCRMJunctionRecord.get_instance('No_Such_List', contacts.first.entity_id)
      error = error_from { deal.add_relation(wrong) }
      expect(error).to be_a(ZCRMSDK::APIError)
      expect(error.status_code).to eq(400)
    end

    it 'refuses a junction record without id' do
      no_id = ZCRMSDK::Operations::ZCRMJunctionRecord.get_instance('Contact_Roles', nil)
      expect(error_from { deal.add_relation(no_id) }.exception_code).to eq('JUNCTION RECORD NOT PROVIDED')
      expect(error_from { deal.remove_relation(no_id) }.exception_code).to eq('JUNCTION RECORD NOT PROVIDED')
      expect(crm_requests).to be_empty
    end
  end

  describe 'ZCRMRecord#each_related_record (beyond 1.0.x)' do
    it 'enumerates every related record, 200 per page, and is empty (not an exception) for an empty list' do
      expect(account.each_related_record('Contacts').map { |r| r['Last_Name'] }).to match_array(%w[Smith Jones Adams])
      expect(request_for(:get, "/Accounts/#{account.entity_id}/Contacts").query).to eq('page' => '1', 'per_page' => '200')
      expect(deal.each_related_record('Contact_Roles').to_a).to eq([])
    end

    it 'fetches only the pages it needs with prefetch: false' do
      first_two = account.each_related_record('Contacts', per_page: 1, prefetch: false, sort_by: 'Last_Name').first(2)
      expect(first_two.map { |r| r['Last_Name'] }.uniq.size).to eq(2)
      expect(%w[Smith Jones Adams]).to include(*first_two.map { |r| r['Last_Name'] })
      expect(requests_for(:get, "/Accounts/#{account.entity_id}/Contacts").map { |r| r.query['page'] }).to eq(%w[1 2])
    end
  end
end
