# frozen_string_literal: true

require_relative '../support/zcrm_stubs_spec'

RSpec.describe ZCRMSDK::Operations::ZCRMRecord do
  subject(:lead) { described_class.get_instance('Leads', 42) }

  let(:write_details) do
    { 'id' => '42', 'Created_Time' => 'c', 'Modified_Time' => 'm',
      'Created_By' => { 'id' => 'u1', 'name' => 'A' }, 'Modified_By' => { 'id' => 'u2', 'name' => 'B' } }
  end

  it 'has 1.0.x defaults and beyond-1.0.x field access' do
    record = described_class.new('Leads')
    expect(record).to have_attributes(entity_id: nil, field_data: {}, properties: {}, line_items: [], participants: [],
                                      price_details: [], tax_list: [], tag_list: [])
    record[:Last_Name] = 'Boyle'
    expect(record.field_data).to eq('Last_Name' => 'Boyle')
    expect(record['Last_Name']).to eq('Boyle')
    expect(record.inspect).to include('ZCRMRecord Leads/nil', 'Boyle')
  end

  describe '#get' do
    it 'fills itself (Integer ids work; 1.0.x needed Strings in places)' do
      stub_api('records.get' => raw({ 'data' => [{ 'id' => '42', 'Last_Name' => 'Boyle' }] }))
      response = lead.get
      expect(last_call).to eq(['records.get', { 'module' => 'Leads', 'record_id' => '42' }])
      expect(response.data).to be(lead)
      expect(lead['Last_Name']).to eq('Boyle')
    end

    it 'requires an id' do
      expect { described_class.new('Leads').get }.to raise_error(zcrm_exception_with_code('ID IS NOT PROVIDED')) do |error|
        expect(error.url).to eq('get_record')
      end
    end
  end

  describe '#create' do
    it 'sends the record and takes the id and audit fields from the answer' do
      stub_api('records.create_one' => raw({ 'data' => [success_entry(write_details)] }, status: 201))
      record = described_class.new('Leads')
      record['Last_Name'] = 'Boyle'
      response = record.create
      expect(last_call).to eq(['records.create_one', { 'module' => 'Leads', 'record' => { 'Last_Name' => 'Boyle' } }])
      expect(response).to have_attributes(status: 'success', code: 'SUCCESS', data: record)
      expect(record).to have_attributes(entity_id: '42', created_time: 'c')
      expect(record.created_by.id).to eq('u1')
    end

    it 'refuses a record that already has an id' do
      expect { lead.create }.to raise_error(zcrm_exception_with_code('ID PROVIDED'))
    end

    it 'does not crash when the answer has no Created_By (1.0.x did)' do
      stub_api('records.create_one' => raw({ 'data' => [success_entry({ 'id' => '7' })] }))
      record = described_class.new('Leads')
      expect(record.create.data.entity_id).to eq('7')
    end
  end

  it '#update sends the record to its own path' do
    stub_api('records.update_one' => raw({ 'data' => [success_entry(write_details, message: 'record updated')] }))
    lead['City'] = 'Paris'
    response = lead.update
    expect(last_call).to eq(['records.update_one', { 'module' => 'Leads', 'record_id' => '42', 'record' => { 'City' => 'Paris' } }])
    expect(lead.modified_by.id).to eq('u2')
    expect(response.data).to be(lead)
  end

  it '#delete deletes one record' do
    stub_api('records.delete_one' => raw({ 'data' => [success_entry({ 'id' => '42' }, message: 'record deleted')] }))
    expect(lead.delete.message).to eq('record deleted')
    expect(last_call).to eq(['records.delete_one', { 'module' => 'Leads', 'record_id' => '42' }])
  end

  describe '#convert' do
    it 'returns a Hash of the created ids, without a body when nothing is given' do
      stub_api('records.convert' => raw({ 'data' => [{ 'Contacts' => 'c1', 'Accounts' => 'a1', 'Deals' => nil }] }))
      expect(lead.convert).to eq('Contacts' => 'c1', 'Accounts' => 'a1')
      expect(last_call).to eq(['records.convert', { 'module' => 'Leads', 'record_id' => '42' }])
    end

    it 'sends details and the potential deal' do
      stub_api('records.convert' => raw({ 'data' => [{ 'Contacts' => 'c1', 'Deals' => 'd1' }] }))
      deal = described_class.new('Deals')
      deal['Deal_Name'] = 'Big'
      result = lead.convert(deal, { 'overwrite' => true, 'assign_to' => ZCRMSDK::Operations::ZCRMUser.new('u7') })
      expect(result).to eq('Contacts' => 'c1', 'Deals' => 'd1')
      expect(last_call[1]['data']).to eq('overwrite' => true, 'assign_to' => 'u7', 'Deals' => { 'Deal_Name' => 'Big' })
    end

    # 1.0.x iterated `details.each { |key, value| }`: Zoho's own 1.0.x suites pass
    # `Array('overwrite' => true, ...)`, a list of pairs, which raised TypeError here.
    it 'takes details as a list of [key, value] pairs too, as 1.0.x did' do
      stub_api('records.convert' => raw({ 'data' => [{ 'Contacts' => 'c1' }] }))
      lead.convert(nil, Array('overwrite' => true, 'notify_lead_owner' => false))
      expect(last_call[1]['data']).to eq('overwrite' => true, 'notify_lead_owner' => false)
      expect { lead.convert(nil, %w[overwrite true]) }
        .to raise_error(zcrm_exception_with_code('INVALID ARGUMENT'), /list of \[key, value\] pairs/)
    end
  end

  describe 'photo' do
    it 'uploads, downloads and deletes' do
      png = raw({}, headers: { 'content-disposition' => ["attachment;filename*=UTF-8''me.png"] }, body: 'PNG')
      stub_api('photos.upload' => raw(success_entry({}, message: 'photo uploaded successfully')),
               'photos.download' => png,
               'photos.delete' => raw(success_entry({}, message: 'photo deleted')))
      expect(lead.upload_photo('/tmp/me.png').message).to eq('photo uploaded successfully')
      expect(last_call).to eq(['photos.upload', { 'module' => 'Leads', 'record_id' => '42', 'file_path' => '/tmp/me.png' }])
      download = lead.download_photo
      expect(download).to be_a(ZCRMSDK::Response::FileAPIResponse)
      expect(download).to have_attributes(filename: 'me.png', response: 'PNG')
      expect(lead.delete_photo.message).to eq('photo deleted')
      expect { lead.upload_photo(nil) }.to raise_error(zcrm_exception_with_code('FILEPATH NOT PROVIDED'))
    end
  end

  describe 'attachments' do
    it 'uploads a file or a link; the attachment knows its parent (nil in 1.0.x)' do
      stub_api('attachments.upload' => raw({ 'data' => [success_entry({ 'id' => 'a1', 'Created_Time' => 't' })] }))
      attachment = lead.upload_attachment('/tmp/x.pdf').data
      expect(last_call).to eq(['attachments.upload', { 'module' => 'Leads', 'record_id' => '42', 'file_path' => '/tmp/x.pdf' }])
      expect(attachment).to have_attributes(id: 'a1', parent_record: lead, created_time: 't')
      lead.upload_link_as_attachment('https://example.com/x')
      expect(last_call[1]).to eq('module' => 'Leads', 'record_id' => '42', 'link_url' => 'https://example.com/x')
      expect { lead.upload_link_as_attachment(nil) }.to raise_error(zcrm_exception_with_code('URL_LINK NOT PROVIDED'))
      expect { lead.upload_attachment(nil) }.to raise_error(zcrm_exception_with_code('FILEPATH NOT PROVIDED'))
    end

    it 'lists, downloads and deletes' do
      stub_api('attachments.list' => raw({ 'data' => [{ 'id' => 'a1', 'File_Name' => 'x.pdf' }] }),
               'attachments.download' => raw({}, body: 'PDF', headers: { 'content-disposition' => ['attachment; filename="x.pdf"'] }),
               'attachments.delete' => raw({ 'data' => [success_entry({ 'id' => 'a1' })] }))
      list = lead.get_attachments
      expect(last_call).to eq(['attachments.list', { 'module' => 'Leads', 'record_id' => '42', 'page' => 1, 'per_page' => 20 }])
      expect(list.data.first).to have_attributes(file_name: 'x.pdf', parent_record: lead)
      expect(lead.download_attachment('a1').filename).to eq('x.pdf')
      expect(last_call[1]).to eq('module' => 'Leads', 'record_id' => '42', 'attachment_id' => 'a1')
      lead.delete_attachment('a1')
      expect(last_call[0]).to eq('attachments.delete')
      expect { lead.download_attachment(nil) }.to raise_error(zcrm_exception_with_code('ID IS NOT PROVIDED'))
    end
  end

  describe 'relations' do
    let(:contact) { ZCRMSDK::Operations::ZCRMJunctionRecord.new('Contacts', 77).tap { |j| j.related_data['Contact_Role'] = 'r1' } }

    it 'adds and removes a relation' do
      stub_api('relations.update' => raw({ 'data' => [success_entry({ 'id' => '77' }, message: 'relation updated')] }),
               'relations.delete' => raw({ 'data' => [success_entry({ 'id' => '77' }, message: 'relation removed')] }))
      expect(lead.add_relation(contact).message).to eq('relation updated')
      expect(last_call).to eq(['relations.update', { 'module' => 'Leads', 'record_id' => '42', 'related_list' => 'Contacts',
                                                     'related_id' => '77', 'data' => { 'Contact_Role' => 'r1' } }])
      lead.remove_relation(contact)
      expect(last_call).to eq(['relations.delete', { 'module' => 'Leads', 'record_id' => '42', 'related_list' => 'Contacts',
                                                     'related_id' => '77' }])
      expect { lead.add_relation(nil) }.to raise_error(zcrm_exception_with_code('JUNCTION RECORD NOT PROVIDED'))
    end

    it 'reads related records of the related module' do
      stub_api('relations.list' => raw({ 'data' => [{ 'id' => 'c1' }] }))
      response = lead.get_relatedlist_records('Contacts', 'Last_Name', 'asc', 2, 5, fields: %w[Email])
      expect(last_call).to eq(['relations.list', { 'module' => 'Leads', 'record_id' => '42', 'related_list' => 'Contacts',
                                                   'sort_by' => 'Last_Name', 'sort_order' => 'asc', 'page' => 2,
                                                   'per_page' => 5, 'fields' => 'Email' }])
      expect(response.data.first).to have_attributes(module_api_name: 'Contacts', entity_id: 'c1')
    end
  end

  describe 'notes' do
    it 'adds notes; data = the created notes' do
      stub_api('notes.create_for_record' => raw({ 'data' => [success_entry({ 'id' => 'n1', 'Created_Time' => 't' })] }))
      note = ZCRMSDK::Operations::ZCRMNote.new(lead)
      note.title = 'Call'
      note.content = 'Yes'
      response = lead.add_notes([note])
      expect(last_call).to eq(['notes.create_for_record',
                               { 'module' => 'Leads', 'record_id' => '42',
                                 'notes' => [{ 'Note_Title' => 'Call', 'Note_Content' => 'Yes', 'Parent_Id' => '42', 'se_module' => 'Leads' }] }])
      expect(response.data).to eq([note])
      expect(note).to have_attributes(id: 'n1', created_time: 't')
      expect { lead.add_notes([note]) }.to raise_error(zcrm_exception_with_code('NOTE ID PROVIDED'))
      expect { lead.add_notes([]) }.to raise_error(zcrm_exception_with_code('NO NOTES PROVIDED'))
      expect { lead.add_notes([nil]) }.to raise_error(zcrm_exception_with_code('INVALID ARGUMENT'), /item 0 is nil/)
    end

    it 'updates, deletes and lists notes' do
      stub_api('notes.update_for_record' => raw({ 'data' => [success_entry({ 'id' => 'n1', 'Modified_Time' => 'm' })] }),
               'notes.delete_for_record' => raw({ 'data' => [success_entry({ 'id' => 'n1' })] }),
               'notes.list_for_record' => raw({ 'data' => [{ 'id' => 'n1', 'Note_Content' => 'Yes' }] }))
      note = ZCRMSDK::Operations::ZCRMNote.new(lead, 'n1')
      note.content = 'Yes'
      expect(lead.update_note(note).data).to have_attributes(id: 'n1', modified_time: 'm')
      expect(last_call[1]).to include('note_id' => 'n1', 'note' => include('Note_Content' => 'Yes'))
      lead.delete_note(note)
      expect(last_call).to eq(['notes.delete_for_record', { 'module' => 'Leads', 'record_id' => '42', 'note_id' => 'n1' }])
      notes = lead.get_notes
      expect(last_call[1]).to eq('module' => 'Leads', 'record_id' => '42', 'page' => 1, 'per_page' => 20)
      expect(notes.data.first).to have_attributes(content: 'Yes', parent_record: lead)
      expect { lead.update_note(ZCRMSDK::Operations::ZCRMNote.new(lead)) }
        .to raise_error(zcrm_exception_with_code('NOTE INSTANCE OR NOTE ID NOT PROVIDED'))
    end
  end

  describe 'tags' do
    it 'adds tags without duplicates and removes them' do
      stub_api('tags.add_to_record' => raw({ 'data' => [success_entry({ 'id' => '42', 'tags' => %w[hot cold] })] }),
               'tags.remove_from_record' => raw({ 'data' => [success_entry({ 'id' => '42', 'tags' => ['hot'] })] }))
      lead.tag_list << ZCRMSDK::Operations::ZCRMTag.new('t1', 'hot')
      response = lead.add_tags(['hot', ZCRMSDK::Operations::ZCRMTag.new(nil, 'cold')])
      expect(last_call).to eq(['tags.add_to_record', { 'module' => 'Leads', 'record_id' => '42', 'tag_names' => %w[hot cold] }])
      expect(response.data.tag_list.map(&:name)).to eq(%w[hot cold])
      lead.remove_tags(['hot'])
      expect(lead.tag_list.map(&:name)).to eq(['cold'])
    end

    it 'validates like 1.0.x: count first, then the record id' do
      expect { lead.add_tags(Array.new(11, 'x')) }.to raise_error(zcrm_exception_with_code('MORE TAGS PROVIDED'))
      expect { lead.remove_tags([]) }.to raise_error(zcrm_exception_with_code('NO TAGS PROVIDED'))
      expect { described_class.new('Leads').add_tags(['x']) }
        .to raise_error(zcrm_exception_with_code('RECORD or RECORD ID NOT PROVIDED'))
    end
  end
end
