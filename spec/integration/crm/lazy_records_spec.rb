# frozen_string_literal: true

require 'json'

# Records of a list (get_records, search, each_record) are built from the page's JSON the
# first time user code looks at them. What a user can observe must be what an eagerly built
# record shows: these examples pin that down.
RSpec.describe 'records read from a list, built on first use' do
  include_context 'with a signed-in CRM'

  let(:leads) { ZCRMSDK::Operations::ZCRMModule.get_instance('Leads') }

  before do
    create_lead!('Ramirez', Company: 'Acme', Email: 'ramirez@example.com')
    create_lead!('Okafor', Company: 'Globex')
  end

  def listed(last_name)
    leads.get_records.data.find { |record| record.entity_id && record['Last_Name'] == last_name }
  end

  it 'shows the same fields, owner, times and properties as a record read by id' do
    from_list = listed('Ramirez')
    by_id = ZCRMSDK::Operations::ZCRMRecord.get_instance('Leads', from_list.entity_id).tap(&:get)

    expect(from_list.field_data).to eq(by_id.field_data)
    expect(from_list.field_data.keys).to eq(by_id.field_data.keys) # Zoho's order, as 1.0.x kept it
    expect(from_list.properties).to eq(by_id.properties)
    expect(from_list.owner.id).to eq(by_id.owner.id)
    expect(from_list.created_by.id).to eq(by_id.created_by.id)
    expect([from_list.created_time, from_list.modified_time]).to eq([by_id.created_time, by_id.modified_time])
    expect(from_list.layout.id).to eq(by_id.layout.id)
  end

  it 'maps lookups as a record read by id does (module, id, name)' do
    account = ZCRMSDK::Operations::ZCRMRecord.get_instance('Accounts')
    account['Account_Name'] = 'Acme Corp'
    account.create
    contact = ZCRMSDK::Operations::ZCRMRecord.get_instance('Contacts')
    contact['Last_Name'] = 'Lindqvist'
    contact['Account_Name'] = account
    contact.create

    listed = ZCRMSDK::Operations::ZCRMModule.get_instance('Contacts').get_records.data.first
    by_id = ZCRMSDK::Operations::ZCRMRecord.get_instance('Contacts', listed.entity_id).tap(&:get)
    lookup = listed['Account_Name']
    expect([lookup.module_api_name, lookup.entity_id, lookup.lookup_label]).to eq(['Accounts', account.entity_id, 'Acme Corp'])
    expect(listed.field_data.keys).to eq(by_id.field_data.keys)
    expect(listed.to_h).to eq(by_id.to_h)
  end

  describe 'a record read by id (get_record, ZCRMRecord#get)' do
    it 'is built on first use too, and shows what the eager mapping of the same answer shows' do
      id = listed('Ramirez').entity_id
      response = leads.get_record(id)
      record = response.data

      expect(record.instance_variable_defined?(:@page)).to be(true)
      eager = ZCRMSDK::Mapping::Records.from_api(response.response_json['data'].first, 'Leads')
      expect(record.entity_id).to eq(id)
      expect(record.field_data.keys).to eq(eager.field_data.keys)
      expect(record.to_h).to eq(eager.to_h)
      expect([record.owner.id, record.created_time]).to eq([eager.owner.id, eager.created_time])
    end

    it 'fills a record that holds values of its own at once, keeping them (as 1.0.x merged)' do
      record = ZCRMSDK::Operations::ZCRMRecord.get_instance('Leads', listed('Ramirez').entity_id)
      record.field_data['Local_Note'] = 'kept'
      record.get

      expect(record.instance_variable_defined?(:@page)).to be(false)
      expect(record.field_data).to include('Local_Note' => 'kept', 'Last_Name' => 'Ramirez')
    end
  end

  it 'has its id and module before anything else is read' do
    record = leads.get_records.data.first

    expect(record.instance_variable_defined?(:@field_data)).to be(false)
    expect(record.entity_id).to match(/\A\d+\z/)
    expect(record.module_api_name).to eq('Leads')
  end

  it 'gives a plain mutable Hash whose changes are what update sends' do
    record = listed('Okafor')
    record.field_data['Company'] = 'Initech'
    record['Email'] = 'okafor@example.com'
    record.update

    stored = ZCRMSDK::Operations::ZCRMRecord.get_instance('Leads', record.entity_id).tap(&:get)
    expect(stored.field_data).to include('Company' => 'Initech', 'Email' => 'okafor@example.com')
  end

  it 'keeps what was set before the first read (the page does not overwrite it)' do
    record = listed('Ramirez').then { |r| leads.get_records.data.find { |x| x.entity_id == r.entity_id } }
    record.owner = ZCRMSDK::Operations::ZCRMUser.get_instance('42', 'Someone Else')

    expect(record.owner.id).to eq('42')
    expect(record['Last_Name']).to eq('Ramirez')
  end

  it 'is filled once when many threads read it first at the same time' do
    record = leads.get_records.data.first
    hashes = Array.new(8) { Thread.new { record.field_data } }.map(&:value)

    expect(hashes.map(&:object_id).uniq.size).to eq(1)
    expect(hashes.first).to include('Last_Name')
  end

  it 'survives Marshal and dup as a filled record (dup shares field_data, as in 1.0.x)' do
    record = leads.get_records.data.first
    copy = record.dup

    expect(copy.field_data).to be(record.field_data)
    restored = Marshal.load(Marshal.dump(leads.get_records.data.first))
    expect(restored.field_data).to eq(record.field_data)
    expect(restored.instance_variables).not_to include(:@page)
  end

  it 'leaves response_json and info as 1.0.x had them' do
    response = leads.get_records

    expect(response.info.count).to eq(response.data.size)
    expect(response.response_json['data'].map { |json| json['id'] }).to eq(response.data.map(&:entity_id))
    expect(response.bulk_entity_response).to eq([])
  end

  it 'reads a list whose elements carry write statuses the 1.0.x way: one EntityResponse each' do
    body = { data: [{ id: '1', status: 'success', Last_Name: 'A' }, { id: '2', status: 'error', Last_Name: 'B' }],
             info: { per_page: 200, count: 2, page: 1, more_records: false } }
    emulator.inject_fault(path_prefix: '/crm/v2/Leads', kind: :respond, status: 200,
                          headers: { 'Content-Type' => 'application/json' }, body: JSON.generate(body))
    response = leads.get_records

    expect(response.bulk_entity_response.map(&:status)).to eq(%w[success error])
    expect(response.data.map { |record| record['Last_Name'] }).to eq(%w[A B])
  end
end
