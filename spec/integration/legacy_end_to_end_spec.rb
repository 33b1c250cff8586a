# frozen_string_literal: true

# One working day of an application written for ZCRMSDK 1.0.x, unchanged: only the classes,
# methods and positional arguments 1.0.x had. Every step is checked twice: what the code gets
# back, and what the (emulated) Zoho received.
RSpec.describe 'A 1.0.x application, end to end' do
  include_context 'with the zoho emulator'
  include ZCRMSDKSpec::CrmHelpers

  it 'creates 250 leads, pages, searches, updates, annotates, tags, converts, deletes and reads the recycle bin' do
    # ---- setup, as the seed does it -----------------------------------------------------
    ZCRMSDK::RestClient::ZCRMRestClient.init(emulator.config('persistence' => 'memory'))
    ZCRMSDK::OAuthClient::ZohoOAuth.get_client_instance.generate_access_token(emulator.grant_token)
    emulator.clear_requests
    rest = ZCRMSDK::RestClient::ZCRMRestClient.get_instance
    leads = rest.get_module_instance('Leads')

    # ---- 1. create 250 leads, 100 at a time (create_records takes at most 100) ---------------
    records = (1..250).map do |n|
      record = rest.get_record_instance('Leads')
      record.field_data['Last_Name'] = format('Lead %03d', n)
      record.field_data['Company'] = n <= 10 ? 'Acme Corp' : "Company #{n}"
      record.field_data['Email'] = format('lead%03d@example.com', n)
      record.field_data['Lead_Source'] = 'Web Download'
      record
    end
    responses = records.each_slice(100).map { |batch| leads.create_records(batch) }

    expect(responses.map(&:status_code)).to eq([201, 201, 201])
    expect(responses.flat_map(&:bulk_entity_response).map(&:status).uniq).to eq(['success'])
    expect(responses.flat_map(&:bulk_entity_response).map(&:code).uniq).to eq(['SUCCESS'])
    expect(responses.flat_map(&:data)).to eq(records)
    expect(records.map(&:entity_id).uniq.size).to eq(250)
    posts = requests_for(:post, '/Leads')
    expect(posts.map { |p| p.json['data'].size }).to eq([100, 100, 50])
    expect(posts.first.json['data'].first)
      .to eq('Last_Name' => 'Lead 001', 'Company' => 'Acme Corp', 'Email' => 'lead001@example.com', 'Lead_Source' => 'Web Download')
    emulator.clear_requests

    # ---- 2. page through them, 200 per page, until info.is_more_records is false -------------
    seen = []
    page = 1
    loop do
      response = leads.get_records(nil, nil, nil, page, 200)
      response.data.each { |lead| seen << lead.entity_id }
      break unless response.info.is_more_records

      page += 1
    end
    expect(page).to eq(2)
    expect(seen.size).to eq(250)
    expect(seen).to match_array(records.map(&:entity_id))
    expect(requests_for(:get, '/Leads').map(&:query))
      .to eq([{ 'page' => '1', 'per_page' => '200' }, { 'page' => '2', 'per_page' => '200' }])
    emulator.clear_requests

    # ---- 3. search by word, email and criteria ---------------------------------------------
    by_word = leads.search_records('Acme')
    by_email = leads.search_records_by_email('lead042@example.com')
    by_criteria = leads.search_records_by_criteria('((Company:equals:Acme Corp)and(Last_Name:starts_with:Lead 00))')
    expect(by_word.data.size).to eq(10)
    expect(by_word.data.map { |l| l.field_data['Company'] }.uniq).to eq(['Acme Corp'])
    expect(by_email.data.map(&:entity_id)).to eq([records[41].entity_id])
    expect(by_criteria.data.map { |l| l.field_data['Last_Name'] })
      .to match_array((1..9).map { |n| format('Lead %03d', n) })
    expect(requests_for(:get, '/Leads/search').map(&:query)).to eq(
      [{ 'word' => 'Acme', 'page' => '1', 'per_page' => '200' },
       { 'email' => 'lead042@example.com', 'page' => '1', 'per_page' => '200' },
       { 'criteria' => '((Company:equals:Acme Corp)and(Last_Name:starts_with:Lead 00))', 'page' => '1', 'per_page' => '200' }]
    )
    begin
      leads.search_records('nobody-has-this-word')
      raise 'a search without hits must raise in 1.0.x'
    rescue ZCRMSDK::Utility::ZCRMException => e
      expect(e.exception_code).to eq('No Content')
      expect(e.status_code).to eq(204)
    end
    emulator.clear_requests

    # ---- 4. update some ---------------------------------------------------------------------
    to_update = records.first(5)
    to_update.each { |lead| lead.field_data['Lead_Status'] = 'Contacted' }
    updated = leads.update_records(to_update)
    expect(updated.status_code).to eq(200)
    expect(updated.bulk_entity_response.map(&:message)).to eq(['record updated'] * 5)
    sent = request_for(:put, '/Leads').json['data']
    expect(sent.map { |row| [row['id'], row['Lead_Status']] }).to eq(to_update.map { |l| [l.entity_id, 'Contacted'] })
    check = rest.get_record_instance('Leads', to_update.last.entity_id)
    check.get
    expect(check.field_data['Lead_Status']).to eq('Contacted')
    emulator.clear_requests

    # ---- 5. notes and an attachment on one lead ------------------------------------------------
    lead = records.first
    note = ZCRMSDK::Operations::ZCRMNote.get_instance(lead)
    note.title = 'Call'
    note.content = 'Asked for a quote'
    added = lead.add_notes([note])
    expect(added.bulk_entity_response.map(&:status)).to eq(['success'])
    expect(request_for(:post, "/Leads/#{lead.entity_id}/Notes").json['data'])
      .to eq([{ 'Note_Title' => 'Call', 'Note_Content' => 'Asked for a quote', 'Parent_Id' => lead.entity_id, 'se_module' => 'Leads' }])
    expect(lead.get_notes.data.map(&:content)).to eq(['Asked for a quote'])

    brief = File.join(scratch, 'brief.txt')
    File.write(brief, "Acme wants 40 seats\n")
    uploaded = lead.upload_attachment(brief)
    expect(uploaded.status).to eq('success')
    attachments = lead.get_attachments.data
    expect(attachments.map(&:file_name)).to eq(['brief.txt'])
    file = lead.download_attachment(attachments.first.id)
    Dir.chdir(scratch) { File.binwrite("copy-#{file.filename}", file.response) }
    expect(File.read(File.join(scratch, 'copy-brief.txt'))).to eq("Acme wants 40 seats\n")
    expect(requests_for(:post, "/Leads/#{lead.entity_id}/Attachments").size).to eq(1)
    expect(requests_for(:get, "/Leads/#{lead.entity_id}/Attachments/#{attachments.first.id}").size).to eq(1)
    emulator.clear_requests

    # ---- 6. tags ------------------------------------------------------------------------------
    tagged = lead.add_tags(%w[hot renewal])
    expect(tagged.status).to eq('success')
    expect(request_for(:post, "/Leads/#{lead.entity_id}/actions/add_tags").query).to eq('tag_names' => 'hot,renewal')
    expect(leads.get_record(lead.entity_id).data.tag_list.map(&:name)).to match_array(%w[hot renewal])
    expect(leads.get_tags.data.map(&:name)).to match_array(%w[hot renewal])
    emulator.clear_requests

    # ---- 7. convert one lead --------------------------------------------------------------------
    converted = records[1]
    ids = converted.convert
    expect(ids).to be_a(Hash)
    expect(ids.keys).to contain_exactly('Contacts', 'Accounts')
    expect(request_for(:post, "/Leads/#{converted.entity_id}/actions/convert").body).to be_nil
    contact = rest.get_record_instance('Contacts', ids['Contacts'])
    contact.get
    expect(contact.field_data['Last_Name']).to eq('Lead 002')
    expect(contact.field_data['Account_Name'].entity_id).to eq(ids['Accounts'])
    emulator.clear_requests

    # ---- 8. delete some -------------------------------------------------------------------------
    doomed = records.last(3).map(&:entity_id)
    deleted = leads.delete_records(doomed)
    expect(deleted.bulk_entity_response.map(&:status)).to eq(%w[success success success])
    expect(deleted.bulk_entity_response.map { |r| r.data.entity_id }).to eq(doomed)
    expect(request_for(:delete, '/Leads').query).to eq('ids' => doomed.join(','))
    emulator.clear_requests

    # ---- 9. the recycle bin ---------------------------------------------------------------------
    bin = leads.get_recyclebin_records
    expect(request_for(:get, '/Leads/deleted').query).to eq('page' => '1', 'per_page' => '200', 'type' => 'recycle')
    expect(bin.data.map(&:id)).to match_array(doomed)
    expect(bin.data.map(&:display_name)).to match_array(['Lead 248', 'Lead 249', 'Lead 250'])
    expect(bin.data.map(&:module_api_name).uniq).to eq(['Leads'])

    # What is left: 250 - 3 deleted - 1 converted, still in 2 pages of 200.
    remaining = leads.get_records(nil, nil, nil, 1, 200).data.size + leads.get_records(nil, nil, nil, 2, 200).data.size
    expect(remaining).to eq(246)
  end
end
