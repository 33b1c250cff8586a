# frozen_string_literal: true

# Records of a module, written the 1.0.x way: ZCRMModule's list/bulk calls and ZCRMRecord's
# own get/create/update/delete, checked against what the emulator received and what came back.
RSpec.describe 'CRM records' do
  include_context 'with a signed-in CRM'

  let(:leads) { module_named('Leads') }

  describe 'ZCRMModule#get_records' do
    it 'GETs one page of the module with 1.0.x positional arguments and maps each record' do
      create_leads!(3)
      response = leads.get_records(nil, 'Last_Name', 'desc', 1, 2)

      request = request_for(:get, '/Leads')
      expect(request.query).to eq('sort_by' => 'Last_Name', 'sort_order' => 'desc', 'page' => '1', 'per_page' => '2')
      expect(response).to be_a(ZCRMSDK::Response::BulkAPIResponse)
      expect(response.status_code).to eq(200)
      expect(response.data).to all(be_a(ZCRMSDK::Operations::ZCRMRecord))
      expect(response.data.map { |r| r.field_data['Last_Name'] }).to eq(['Lead 003', 'Lead 002'])
      expect(response.data.map(&:module_api_name).uniq).to eq(['Leads'])
      expect(response.info).to have_attributes(is_more_records: true, page: 1, per_page: 2, count: 2)
    end

    it 'sends the defaults page=1 and per_page=200 and nothing for the nil arguments' do
      create_leads!(1)
      response = leads.get_records
      expect(request_for(:get, '/Leads').query).to eq('page' => '1', 'per_page' => '200')
      expect(response.info.is_more_records).to be(false)
    end

    it 'fills the system fields of each record: id, owner, creator, times, layout and $ properties' do
      lead = create_lead!('Ramirez', Company: 'Acme', Email: 'ramirez@acme.example')
      record = leads.get_records.data.first

      expect(record.entity_id).to eq(lead.entity_id)
      expect(record.owner).to be_a(ZCRMSDK::Operations::ZCRMUser)
      expect(record.owner.id).to eq(current_user_id)
      expect(record.created_by.name).to eq(record.owner.name)
      expect(record.created_time).to match(/\A\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d\z/)
      expect(record.layout).to be_a(ZCRMSDK::Operations::ZCRMLayout)
      expect(record.properties).to include('approved' => true, 'converted' => false)
      expect(record.field_data).to include('Company' => 'Acme', 'Email' => 'ramirez@acme.example',
                                           'Full_Name' => 'Ramirez')
    end

    it 'takes keyword options beyond 1.0.x: fields:, converted:, approved:, and page:/per_page: that win over positions' do
      create_leads!(3)
      response = leads.get_records(nil, nil, nil, 9, 9, fields: %w[Last_Name Email], converted: 'both',
                                                        approved: true, page: 2, per_page: 2)

      expect(request_for(:get, '/Leads').query)
        .to eq('fields' => 'Last_Name,Email', 'converted' => 'both', 'approved' => 'true', 'page' => '2', 'per_page' => '2')
      expect(response.data.map(&:field_data)).to eq([{ 'Last_Name' => 'Lead 003', 'Email' => 'lead003@leads.example' }])
      expect(response.info).to have_attributes(page: 2, is_more_records: false)
    end

    it 'raises ZCRMException "No Content" (204) on an empty module, as 1.0.x did' do
      error = error_from { leads.get_records }
      expect(error).to be_a(ZCRMSDK::Utility::ZCRMException)
      expect(error).to have_attributes(status_code: 204, exception_code: 'No Content', error_message: 'No Content')
      expect(error.url).to end_with('/crm/v2/Leads')
      expect(request_for(:get, '/Leads')).not_to be_nil
    end

    it 'does not raise on 304 Not Modified (If-Modified-Since in the 1.0.x headers Hash): data is []' do
      create_leads!(2)
      later = (Time.now + 3600).strftime('%Y-%m-%dT%H:%M:%S%:z')
      response = leads.get_records(nil, nil, nil, 1, 200, 'If-Modified-Since' => later)
      expect(response.status_code).to eq(304)
      expect(response.data).to eq([])
      expect(response.info).to be_nil
    end
  end

  describe 'ZCRMModule#get_record and ZCRMRecord#get' do
    it 'GETs {module}/{id} and answers an APIResponse whose data is the filled record' do
      lead = create_lead!('Ramirez', Phone: '+1 555 0100')
      response = leads.get_record(lead.entity_id)

      expect(request_for(:get, "/Leads/#{lead.entity_id}").query).to eq({})
      expect(response).to be_a(ZCRMSDK::Response::APIResponse)
      expect(response.status_code).to eq(200)
      expect(response.data).to be_a(ZCRMSDK::Operations::ZCRMRecord)
      expect(response.data).to have_attributes(entity_id: lead.entity_id, module_api_name: 'Leads')
      expect(response.data.field_data).to include('Last_Name' => 'Ramirez', 'Phone' => '+1 555 0100')
    end

    it 'fills the very record ZCRMRecord#get is called on' do
      lead = create_lead!('Ramirez')
      record = ZCRMSDK::Operations::ZCRMRecord.get_instance('Leads', lead.entity_id)
      response = record.get
      expect(response.data).to equal(record)
      expect(record['Last_Name']).to eq('Ramirez')
      expect(request_for(:get, "/Leads/#{lead.entity_id}")).not_to be_nil
    end

    it 'raises "No Content" for an id that does not exist' do
      error = error_from { leads.get_record('4150868000000999999') }
      expect(error).to have_attributes(status_code: 204, exception_code: 'No Content')
    end

    it 'refuses a record without id before sending anything' do
      error = error_from { ZCRMSDK::Operations::ZCRMRecord.get_instance('Leads').get }
      expect(error).to be_a(ZCRMSDK::ValidationError)
      expect(error).to have_attributes(status_code: 400, exception_code: 'ID IS NOT PROVIDED')
      expect(crm_requests).to be_empty
    end
  end

  describe 'ZCRMRecord#create / #update / #delete' do
    it 'create POSTs {"data":[record]} and sets entity_id, created_time and created_by from the answer' do
      record = new_lead('Ramirez', Company: 'Acme', Email: 'ramirez@acme.example')
      response = record.create

      expect(request_for(:post, '/Leads').json)
        .to eq('data' => [{ 'Last_Name' => 'Ramirez', 'Company' => 'Acme', 'Email' => 'ramirez@acme.example' }])
      expect(response).to be_a(ZCRMSDK::Response::APIResponse)
      expect(response).to have_attributes(status_code: 201, status: 'success', code: 'SUCCESS', message: 'record added')
      expect(response.data).to equal(record)
      expect(record.entity_id).to match(/\A\d{19}\z/)
      expect(record.created_time).not_to be_nil
      expect(record.created_by.id).to eq(current_user_id)
      expect(leads.get_record(record.entity_id).data['Company']).to eq('Acme')
    end

    it 'create refuses a record that already has an id' do
      error = error_from { new_record('Leads', { 'Last_Name' => 'X' }, '123').create }
      expect(error).to have_attributes(status_code: 400, exception_code: 'ID PROVIDED')
      expect(crm_requests).to be_empty
    end

    it 'create raises with Zoho\'s code when the record is refused (a single record is not a bulk write)' do
      error = error_from { new_record('Leads', 'Company' => 'No name').create }
      expect(error).to be_a(ZCRMSDK::Utility::ZCRMException)
      expect(error.exception_code).to eq('MANDATORY_NOT_FOUND')
      expect(error.error_details).to eq('api_name' => 'Last_Name')
    end

    it 'update PUTs {module}/{id} with the record and sets modified_time/modified_by' do
      lead = create_lead!('Ramirez')
      record = ZCRMSDK::Operations::ZCRMRecord.get_instance('Leads', lead.entity_id)
      record['Phone'] = '+1 555 0100'
      response = record.update

      expect(request_for(:put, "/Leads/#{lead.entity_id}").json).to eq('data' => [{ 'Phone' => '+1 555 0100' }])
      expect(response).to have_attributes(status_code: 200, status: 'success', message: 'record updated')
      expect(response.data).to equal(record)
      expect(record.modified_time).not_to be_nil
      expect(record.modified_by.id).to eq(current_user_id)
      expect(leads.get_record(lead.entity_id).data.field_data).to include('Phone' => '+1 555 0100', 'Last_Name' => 'Ramirez')
    end

    it 'delete DELETEs {module}/{id}; the record is gone and in the recycle bin' do
      lead = create_lead!('Ramirez')
      response = lead.delete

      expect(request_for(:delete, "/Leads/#{lead.entity_id}").body).to be_nil
      expect(response).to be_a(ZCRMSDK::Response::APIResponse)
      expect(response).to have_attributes(status_code: 200, status: 'success', message: 'record deleted')
      expect(response.details).to eq('id' => lead.entity_id)
      expect { leads.get_record(lead.entity_id) }.to raise_error(ZCRMSDK::NoContentError)
      expect(leads.get_recyclebin_records.data.map(&:id)).to eq([lead.entity_id])
    end

    %i[update delete].each do |action|
      it "#{action} refuses a record without id before sending anything" do
        error = error_from { new_lead('Ramirez').public_send(action) }
        expect(error).to have_attributes(status_code: 400, exception_code: 'ID IS NOT PROVIDED')
        expect(crm_requests).to be_empty
      end
    end

    it 'reads and writes fields with record[\'Field\'] (beyond 1.0.x), the same Hash as field_data' do
      record = ZCRMSDK::Operations::ZCRMRecord.get_instance('Leads')
      record['Last_Name'] = 'Ramirez'
      record[:Company] = 'Acme'
      expect(record.field_data).to eq('Last_Name' => 'Ramirez', 'Company' => 'Acme')
      record.create
      expect(request_for(:post, '/Leads').json['data'].first).to eq('Last_Name' => 'Ramirez', 'Company' => 'Acme')
      expect(leads.get_record(record.entity_id).data['Company']).to eq('Acme')
    end

    it 'read-modify-write: a record read with get can be changed and updated as it is' do
      account = create_records!('Accounts', [{ 'Account_Name' => 'Acme' }]).first
      contact = create_records!('Contacts', [{ 'Last_Name' => 'Smith', 'Account_Name' => { 'id' => account.entity_id } }]).first
      contact.add_tags(['vip'])
      read = ZCRMSDK::Operations::ZCRMRecord.get_instance('Contacts', contact.entity_id)
      read.get
      emulator.clear_requests
      read['Title'] = 'CTO'
      expect(read.update.status).to eq('success')

      sent = request_for(:put, "/Contacts/#{contact.entity_id}").json['data'].first
      expect(sent).to include('Title' => 'CTO', 'Last_Name' => 'Smith', 'Account_Name' => account.entity_id,
                              'Owner' => read.owner.id, 'Tag' => [{ 'id' => read.tag_list.first.id, 'name' => 'vip' }])
      again = module_named('Contacts').get_record(contact.entity_id).data
      expect(again['Title']).to eq('CTO')
      expect(again['Account_Name'].entity_id).to eq(account.entity_id)
      expect(again.tag_list.map(&:name)).to eq(['vip'])
    end

    it 'takes Integer ids everywhere (1.0.x needed Strings on related-list, note and tag paths)' do
      lead = create_lead!('Ramirez')
      record = ZCRMSDK::Operations::ZCRMRecord.get_instance('Leads', Integer(lead.entity_id))
      note = ZCRMSDK::Operations::ZCRMNote.get_instance(record).tap { |n| n.content = 'int' }
      record.get
      record.add_notes([note])
      record.add_tags(['int'])
      expect(crm_requests.map(&:to_s)).to eq(["GET /Leads/#{lead.entity_id}", "POST /Leads/#{lead.entity_id}/Notes",
                                              "POST /Leads/#{lead.entity_id}/actions/add_tags?tag_names=int"])
      expect(request_for(:post, "/Leads/#{lead.entity_id}/Notes").json['data'].first['Parent_Id']).to eq(lead.entity_id)
    end

    it 'maps a lookup to a ZCRMRecord of the looked-up module and sends it back as its id' do
      account = create_records!('Accounts', [{ 'Account_Name' => 'Acme' }]).first
      contact = new_record('Contacts', 'Last_Name' => 'Smith', 'Account_Name' => account)
      contact.create
      expect(request_for(:post, '/Contacts').json['data'].first['Account_Name']).to eq(account.entity_id)

      lookup = module_named('Contacts').get_record(contact.entity_id).data['Account_Name']
      expect(lookup).to be_a(ZCRMSDK::Operations::ZCRMRecord)
      expect(lookup).to have_attributes(entity_id: account.entity_id, module_api_name: 'Accounts', name: 'Acme')
    end
  end

  describe 'records with line items and participants (1.0.x record JSON)' do
    let(:widget) { create_records!('Products', [{ 'Product_Name' => 'Widget', 'Unit_Price' => 10 }]).first }

    def sales_order_with(line_item)
      new_record('Sales_Orders', 'Subject' => 'SO-1').tap { |order| order.line_items << line_item }
    end

    def widget_line(quantity)
      ZCRMSDK::Operations::ZCRMInventoryLineItem.get_instance(widget).tap do |line|
        line.quantity = quantity
        line.list_price = 10
        line.description = 'three widgets'
        line.line_tax = [ZCRMSDK::Operations::ZCRMTax.get_instance('Vat').tap { |tax| tax.percentage = 12.5 }]
      end
    end

    it 'sends ZCRMInventoryLineItems as Product_Details and maps them back on an inventory module' do
      order = sales_order_with(widget_line(3))
      order.create

      line = request_for(:post, '/Sales_Orders').json['data'].first['Product_Details'].first
      expect(line).to include('product' => widget.entity_id, 'quantity' => 3, 'list_price' => 10,
                              'product_description' => 'three widgets')
      expect(line['line_tax']).to eq([{ 'name' => 'Vat', 'percentage' => 12.5, 'value' => nil }])

      read = module_named('Sales_Orders').get_record(order.entity_id).data
      expect(read.line_items.size).to eq(1)
      item = read.line_items.first
      expect(item).to be_a(ZCRMSDK::Operations::ZCRMInventoryLineItem)
      expect(item.id).to match(/\A\d{19}\z/)
      expect(item.product).to be_a(ZCRMSDK::Operations::ZCRMRecord)
      expect(item.product).to have_attributes(entity_id: widget.entity_id, name: 'Widget')
      expect(item).to have_attributes(quantity: 3, list_price: 10, total: 30, description: 'three widgets')
      expect(item.line_tax.map { |tax| [tax.class, tax.name, tax.percentage] })
        .to eq([[ZCRMSDK::Operations::ZCRMTax, 'Vat', 12.5]])
      expect(read['Sub_Total']).to eq(33.75) # 30 + 12.5 % line tax
    end

    it 'sends a percentage discount as "10%" (1.0.x) and Zoho applies it to the line' do
      line = widget_line(3)
      line.discount_percentage = 10
      order = sales_order_with(line)
      order.create
      expect(request_for(:post, '/Sales_Orders').json['data'].first['Product_Details'].first['Discount']).to eq('10%')
      item = module_named('Sales_Orders').get_record(order.entity_id).data.line_items.first
      expect(item.total_after_discount).to eq(27)
    end

    it 'refuses a line item without quantity (1.0.x: QUANTITY NOT PROVIDED)' do
      order = sales_order_with(ZCRMSDK::Operations::ZCRMInventoryLineItem.get_instance(widget))
      expect(error_from { order.create }.exception_code).to eq('QUANTITY NOT PROVIDED')
      expect(crm_requests).to be_empty
    end

    it 'sends ZCRMEventParticipants as Participants and maps them back on Events' do
      event = new_record('Events', 'Event_Title' => 'Demo', 'Start_DateTime' => '2026-12-01T10:00:00+05:30',
                                   'End_DateTime' => '2026-12-01T11:00:00+05:30')
      guest = ZCRMSDK::Operations::ZCRMEventParticipant.get_instance('email', nil)
      guest.email = 'guest@example.com'
      guest.name = 'Guest'
      guest.is_invited = true
      event.participants << guest
      event.create

      expect(request_for(:post, '/Events').json['data'].first['Participants']).to eq(
        [{ 'participant' => 'guest@example.com', 'type' => 'email', 'name' => 'Guest', 'Email' => 'guest@example.com',
           'invited' => true, 'status' => nil }]
      )
      read = module_named('Events').get_record(event.entity_id).data
      expect(read.participants.map { |p| [p.class, p.type, p.email, p.name, p.is_invited] })
        .to eq([[ZCRMSDK::Operations::ZCRMEventParticipant, 'email', 'guest@example.com', 'Guest', true]])
    end
  end

  describe 'ZCRMModule#create_records' do
    it 'POSTs {"data":[...]} and fills each record with its id; data holds the created records' do
      records = [new_lead('Ramirez', Email: 'r@acme.example'), new_lead('Okafor', Email: 'o@acme.example')]
      response = leads.create_records(records)

      expect(request_for(:post, '/Leads').json).to eq(
        'data' => [{ 'Last_Name' => 'Ramirez', 'Email' => 'r@acme.example' },
                   { 'Last_Name' => 'Okafor', 'Email' => 'o@acme.example' }]
      )
      expect(response).to be_a(ZCRMSDK::Response::BulkAPIResponse)
      expect(response.status_code).to eq(201)
      expect(response.data).to eq(records)
      expect(records.map(&:entity_id)).to all(match(/\A\d{19}\z/))
      expect(response.bulk_entity_response.map { |r| [r.class, r.status, r.code, r.message] })
        .to eq([[ZCRMSDK::Response::EntityResponse, 'success', 'SUCCESS', 'record added']] * 2)
      expect(response.bulk_entity_response.map(&:data)).to eq(records)
      expect(leads.get_records.data.map(&:entity_id)).to match_array(records.map(&:entity_id))
    end

    it 'sends lar_id next to the data' do
      leads.create_records([new_lead('Ramirez')], '4150868000000111111')
      expect(request_for(:post, '/Leads').json).to include('lar_id' => '4150868000000111111')
    end

    it 'does not raise for per-record errors: they are EntityResponses with Zoho\'s code (207)' do
      good = new_lead('Ramirez')
      bad = new_record('Leads', 'Company' => 'No last name')
      response = leads.create_records([good, bad])

      expect(response.status_code).to eq(207)
      expect(response.bulk_entity_response.map(&:status)).to eq(%w[success error])
      failure = response.bulk_entity_response.last
      expect(failure).to have_attributes(code: 'MANDATORY_NOT_FOUND', message: 'required field not found',
                                         details: { 'api_name' => 'Last_Name' })
      expect(response.data).to eq([good])
      expect(bad.entity_id).to be_nil
    end

    it 'raises Zoho\'s code when every record of the call is refused (Zoho answers 400)' do
      error = error_from { leads.create_records([new_record('Leads', 'Company' => 'No last name')]) }
      expect(error).to be_a(ZCRMSDK::InvalidRequestError)
      expect(error).to have_attributes(status_code: 400, exception_code: 'MANDATORY_NOT_FOUND')
    end

    [
      ['no record', [], 'NO RECORDS PROVIDED'],
      ['101 records', Array.new(101) { |n| ZCRMSDK::Operations::ZCRMRecord.new('Leads').tap { |r| r.field_data['Last_Name'] = "L#{n}" } },
       'MORE RECORDS PROVIDED'],
      ['a record with an id', [ZCRMSDK::Operations::ZCRMRecord.new('Leads', '1')], 'ID IS PROVIDED']
    ].each do |label, list, code|
      it "refuses #{label} with #{code}, before sending anything" do
        error = error_from { leads.create_records(list) }
        expect(error).to have_attributes(status_code: 400, exception_code: code)
        expect(crm_requests).to be_empty
      end
    end
  end

  describe 'ZCRMModule#upsert_records' do
    it 'POSTs {module}/upsert with duplicate_check_fields; updates the match, inserts the rest' do
      existing = create_lead!('Ramirez', Email: 'ramirez@acme.example')
      update = new_lead('Ramirez-Diaz', Email: 'ramirez@acme.example')
      insert = new_lead('Okafor', Email: 'okafor@acme.example')
      response = leads.upsert_records([update, insert], ['Email'])

      request = request_for(:post, '/Leads/upsert')
      expect(request.query).to eq('duplicate_check_fields' => 'Email')
      expect(request.json['data']).to eq([{ 'Last_Name' => 'Ramirez-Diaz', 'Email' => 'ramirez@acme.example' },
                                          { 'Last_Name' => 'Okafor', 'Email' => 'okafor@acme.example' }])
      expect(response.status_code).to eq(200)
      expect(response.bulk_entity_response.map { |r| [r.status, r.upsert_action, r.upsert_duplicate_field] })
        .to eq([%w[success update Email], ['success', 'insert', nil]])
      expect(update.entity_id).to eq(existing.entity_id)
      expect(response.data).to eq([update, insert])
      expect(leads.get_record(existing.entity_id).data['Last_Name']).to eq('Ramirez-Diaz')
    end

    it 'sends a record that has an id with its "id", and lar_id in the body (1.0.x raised NameError)' do
      existing = create_lead!('Ramirez', Email: 'ramirez@acme.example')
      record = ZCRMSDK::Operations::ZCRMRecord.get_instance('Leads', existing.entity_id)
      record['Email'] = 'ramirez@acme.example'
      record['City'] = 'Lyon'
      leads.upsert_records([record], nil, '4150868000000111111')

      json = request_for(:post, '/Leads/upsert').json
      expect(json['data']).to eq([{ 'Email' => 'ramirez@acme.example', 'City' => 'Lyon', 'id' => existing.entity_id }])
      expect(json['lar_id']).to eq('4150868000000111111')
      expect(leads.get_record(existing.entity_id).data['City']).to eq('Lyon')
    end
  end

  describe 'ZCRMModule#update_records' do
    it 'PUTs {module} with each record and its "id"; data holds the updated records' do
      first, second = create_leads!(2)
      first['City'] = 'Lyon'
      second['City'] = 'Turin'
      response = leads.update_records([first, second])

      body = request_for(:put, '/Leads').json
      expect(body['data'].map { |row| row.slice('id', 'City') })
        .to eq([{ 'id' => first.entity_id, 'City' => 'Lyon' }, { 'id' => second.entity_id, 'City' => 'Turin' }])
      expect(response).to be_a(ZCRMSDK::Response::BulkAPIResponse)
      expect(response.status_code).to eq(200)
      expect(response.bulk_entity_response.map(&:message)).to eq(['record updated'] * 2)
      expect(response.data).to eq([first, second])
      expect(leads.get_records.data.to_h { |r| [r.entity_id, r['City']] })
        .to eq(first.entity_id => 'Lyon', second.entity_id => 'Turin')
    end

    it 'reports an unknown id as a per-record INVALID_DATA error without raising' do
      lead = create_lead!('Ramirez')
      ghost = ZCRMSDK::Operations::ZCRMRecord.get_instance('Leads', '4150868000000999999')
      ghost['City'] = 'Nowhere'
      lead['City'] = 'Lyon'
      response = leads.update_records([lead, ghost])
      expect(response.status_code).to eq(207)
      expect(response.bulk_entity_response.map { |r| [r.status, r.code] }).to eq([%w[success SUCCESS], %w[error INVALID_DATA]])
      expect(response.bulk_entity_response.last.details).to eq('id' => '4150868000000999999')
      expect(response.data).to eq([lead])
    end

    it 'refuses records without id before sending anything' do
      error = error_from { leads.update_records([new_lead('Ramirez')]) }
      expect(error).to have_attributes(status_code: 400, exception_code: 'RECORD ID NOT PROVIDED')
      expect(crm_requests).to be_empty
    end
  end

  describe 'ZCRMModule#mass_update_records' do
    it 'PUTs one field/value per id (1.0.x: an update, not Zoho\'s mass_update); data = records with ids only' do
      first, second, untouched = create_leads!(3)
      response = leads.mass_update_records([first.entity_id, second.entity_id], 'Lead_Status', 'Contacted')

      expect(request_for(:put, '/Leads').json).to eq(
        'data' => [{ 'id' => first.entity_id, 'Lead_Status' => 'Contacted' },
                   { 'id' => second.entity_id, 'Lead_Status' => 'Contacted' }]
      )
      expect(response.status_code).to eq(200)
      expect(response.data.map { |r| [r.class, r.entity_id, r.field_data] })
        .to eq([[ZCRMSDK::Operations::ZCRMRecord, first.entity_id, {}], [ZCRMSDK::Operations::ZCRMRecord, second.entity_id, {}]])
      statuses = leads.get_records.data.to_h { |r| [r.entity_id, r['Lead_Status']] }
      expect(statuses).to eq(first.entity_id => 'Contacted', second.entity_id => 'Contacted', untouched.entity_id => nil)
    end

    [
      [[], 'Lead_Status', 'Contacted', 'NO RECORDS PROVIDED'],
      [['1'], nil, 'Contacted', 'NO FIELD APINAME PROVIDED'],
      [['1'], 'Lead_Status', nil, 'NO VALUE PROVIDED']
    ].each do |ids, field, value, code|
      it "refuses #{[ids, field, value].inspect} with #{code}" do
        error = error_from { leads.mass_update_records(ids, field, value) }
        expect(error).to have_attributes(status_code: 400, exception_code: code)
        expect(crm_requests).to be_empty
      end
    end
  end

  describe 'ZCRMModule#delete_records' do
    it 'DELETEs {module}?ids=a,b; each EntityResponse carries the deleted ZCRMRecord, unknown ids are per-record errors' do
      first, second, kept = create_leads!(3)
      response = leads.delete_records([first.entity_id, second, '4150868000000999999'])

      expect(request_for(:delete, '/Leads').query)
        .to eq('ids' => [first.entity_id, second.entity_id, '4150868000000999999'].join(','))
      expect(response).to be_a(ZCRMSDK::Response::BulkAPIResponse)
      expect(response.status_code).to eq(207)
      expect(response.bulk_entity_response.map { |r| [r.status, r.code] })
        .to eq([%w[success SUCCESS], %w[success SUCCESS], %w[error INVALID_DATA]])
      expect(response.bulk_entity_response.map { |r| [r.data.class, r.data.entity_id] }).to eq(
        [[ZCRMSDK::Operations::ZCRMRecord, first.entity_id], [ZCRMSDK::Operations::ZCRMRecord, second.entity_id],
         [ZCRMSDK::Operations::ZCRMRecord, '4150868000000999999']]
      )
      expect(leads.get_records.data.map(&:entity_id)).to eq([kept.entity_id])
    end
  end

  describe 'the recycle bin: get_all_deleted_records / get_recyclebin_records / get_permanently_deleted_records' do
    it 'GETs {module}/deleted with type all / recycle / permanent and maps ZCRMTrashRecords' do
      first, second = create_leads!(2)
      leads.delete_records([first.entity_id, second.entity_id])
      emulator.clear_requests

      all = leads.get_all_deleted_records
      recycle = leads.get_recyclebin_records(1, 1)
      expect(requests_for(:get, '/Leads/deleted').map(&:query)).to eq(
        [{ 'page' => '1', 'per_page' => '200', 'type' => 'all' }, { 'page' => '1', 'per_page' => '1', 'type' => 'recycle' }]
      )
      expect(all).to be_a(ZCRMSDK::Response::BulkAPIResponse)
      expect(all.data).to all(be_a(ZCRMSDK::Operations::ZCRMTrashRecord))
      expect(all.data.map(&:id)).to match_array([first.entity_id, second.entity_id])
      trash = all.data.find { |t| t.id == first.entity_id }
      expect(trash).to have_attributes(type: 'recycle', display_name: 'Lead 001', module_api_name: 'Leads')
      expect(trash.deleted_by).to be_a(ZCRMSDK::Operations::ZCRMUser)
      expect(trash.deleted_by.id).to eq(current_user_id)
      expect(trash.created_by.id).to eq(trash.deleted_by.id)
      expect(trash.deleted_time).to match(/\A\d{4}-\d\d-\d\dT/)
      expect(recycle.data.size).to eq(1)
      expect(recycle.info).to have_attributes(is_more_records: true, per_page: 1)
    end

    it 'raises "No Content" when nothing was permanently deleted' do
      create_lead!('Ramirez').delete
      emulator.clear_requests
      error = error_from { leads.get_permanently_deleted_records }
      expect(error).to have_attributes(status_code: 204, exception_code: 'No Content')
      expect(request_for(:get, '/Leads/deleted').query).to include('type' => 'permanent')
    end
  end
end
