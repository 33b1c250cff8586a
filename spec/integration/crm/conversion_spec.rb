# frozen_string_literal: true

# ZCRMRecord#convert: a lead becomes a contact (and an account, and optionally a deal). It
# returns a Hash of the new ids, as 1.0.x did, not a response object.
RSpec.describe 'CRM lead conversion' do
  include_context 'with a signed-in CRM'

  let(:leads) { module_named('Leads') }
  let(:lead) do
    create_lead!('Ramirez', First_Name: 'Ana', Company: 'Acme', Email: 'ana@acme.example', Phone: '+1 555 0100')
  end

  def deal_record
    new_record('Deals', 'Deal_Name' => 'Acme renewal', 'Closing_Date' => '2026-12-31', 'Stage' => 'Qualification')
  end

  it 'without arguments POSTs {module}/{id}/actions/convert with no body and returns {Contacts, Accounts}' do
    ids = lead.convert

    request = request_for(:post, "/Leads/#{lead.entity_id}/actions/convert")
    expect(request.body).to be_nil
    expect(ids).to be_a(Hash)
    expect(ids.keys).to contain_exactly('Contacts', 'Accounts')
    expect(ids.values).to all(match(/\A\d{19}\z/))

    contact = module_named('Contacts').get_record(ids['Contacts']).data
    expect(contact.field_data).to include('Last_Name' => 'Ramirez', 'First_Name' => 'Ana', 'Email' => 'ana@acme.example')
    expect(contact['Account_Name'].entity_id).to eq(ids['Accounts'])
    expect(module_named('Accounts').get_record(ids['Accounts']).data['Account_Name']).to eq('Acme')
  end

  it 'with a potential (deal) record and details sends {"data":[{details…, "Deals": deal}]} and returns the deal id too' do
    ids = lead.convert(deal_record, 'overwrite' => true)

    expect(request_for(:post, "/Leads/#{lead.entity_id}/actions/convert").json).to eq(
      'data' => [{ 'overwrite' => true,
                   'Deals' => { 'Deal_Name' => 'Acme renewal', 'Closing_Date' => '2026-12-31', 'Stage' => 'Qualification' } }]
    )
    expect(ids.keys).to contain_exactly('Contacts', 'Accounts', 'Deals')
    deal = module_named('Deals').get_record(ids['Deals']).data
    expect(deal.field_data).to include('Deal_Name' => 'Acme renewal', 'Stage' => 'Qualification')
    expect(deal['Account_Name'].entity_id).to eq(ids['Accounts'])
    expect(deal['Contact_Name'].entity_id).to eq(ids['Contacts'])
  end

  it 'with details only (an existing account) sends them without Deals and reuses the account' do
    account = create_records!('Accounts', [{ 'Account_Name' => 'Existing Co' }]).first
    ids = lead.convert(nil, 'Accounts' => account.entity_id)

    expect(request_for(:post, "/Leads/#{lead.entity_id}/actions/convert").json)
      .to eq('data' => [{ 'Accounts' => account.entity_id }])
    expect(ids).to eq('Contacts' => ids['Contacts'], 'Accounts' => account.entity_id)
  end

  it 'takes the lead out of the default Leads list (it is listed with converted: true) and moves its notes' do
    other = create_lead!('Okafor')
    note = ZCRMSDK::Operations::ZCRMNote.get_instance(lead)
    note.content = 'met at the fair'
    lead.add_notes([note])
    ids = lead.convert
    emulator.clear_requests

    expect(leads.get_records.data.map(&:entity_id)).to eq([other.entity_id])
    expect(leads.get_records(converted: true).data.map(&:entity_id)).to eq([lead.entity_id])
    expect(requests_for(:get, '/Leads').map { |r| r.query['converted'] }).to eq([nil, 'true'])
    contact = ZCRMSDK::Operations::ZCRMRecord.get_instance('Contacts', ids['Contacts'])
    expect(contact.get_notes.data.map(&:content)).to eq(['met at the fair'])
  end

  it 'raises Zoho\'s error for a lead that is already converted' do
    lead.convert
    error = error_from { lead.convert }
    expect(error).to be_a(ZCRMSDK::APIError)
    expect(error).to have_attributes(status_code: 400, exception_code: 'INVALID_DATA')
  end

  it 'raises Zoho\'s MANDATORY_NOT_FOUND when the deal lacks a mandatory field, and creates nothing' do
    deal = new_record('Deals', 'Deal_Name' => 'No stage')
    error = error_from { lead.convert(deal) }
    expect(error).to have_attributes(status_code: 400, exception_code: 'MANDATORY_NOT_FOUND')
    expect { module_named('Contacts').get_records }.to raise_error(ZCRMSDK::NoContentError)
    expect(leads.get_records.data.map(&:entity_id)).to eq([lead.entity_id])
  end

  it 'refuses a record without id' do
    expect(error_from { new_lead('x').convert }.exception_code).to eq('ID IS NOT PROVIDED')
    expect(crm_requests).to be_empty
  end
end
