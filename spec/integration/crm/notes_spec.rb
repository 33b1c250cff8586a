# frozen_string_literal: true

require 'stringio'

# Notes: a record's own (ZCRMRecord / ZCRMModuleRelation 'Notes'), the org-wide list
# (ZCRMOrganization), and a note's attachments (ZCRMNote).
RSpec.describe 'CRM notes' do
  include_context 'with a signed-in CRM'

  let(:lead) { create_lead!('Ramirez', Company: 'Acme') }
  let(:org) { client.get_organization_instance }

  def note_for(record, content, title = nil)
    ZCRMSDK::Operations::ZCRMNote.get_instance(record).tap do |note|
      note.title = title
      note.content = content
    end
  end

  # Notes added through the API, their ids set; the request log is cleared afterwards.
  def add_notes!(record, *contents)
    notes = contents.map { |content| note_for(record, content) }
    record.add_notes(notes)
    emulator.clear_requests
    notes
  end

  describe 'ZCRMRecord#add_notes' do
    it 'POSTs {module}/{id}/Notes with Note_Title, Note_Content, Parent_Id and se_module; the notes get their ids' do
      call = note_for(lead, 'Asked for a quote', 'Call')
      plain = note_for(lead, 'Sent the brochure')
      response = lead.add_notes([call, plain])

      expect(request_for(:post, "/Leads/#{lead.entity_id}/Notes").json).to eq(
        'data' => [
          { 'Note_Title' => 'Call', 'Note_Content' => 'Asked for a quote', 'Parent_Id' => lead.entity_id, 'se_module' => 'Leads' },
          { 'Note_Content' => 'Sent the brochure', 'Parent_Id' => lead.entity_id, 'se_module' => 'Leads' }
        ]
      )
      expect(response).to be_a(ZCRMSDK::Response::BulkAPIResponse)
      expect(response.status_code).to eq(201)
      expect(response.bulk_entity_response.map(&:status)).to eq(%w[success success])
      expect(response.data).to eq([call, plain])
      expect([call.id, plain.id]).to all(match(/\A\d{19}\z/))
      expect(call.created_by.id).to eq(current_user_id)
      expect(lead.get_notes.data.map(&:content)).to match_array(['Asked for a quote', 'Sent the brochure'])
    end

    [
      ['no note', [], 'NO NOTES PROVIDED'],
      ['101 notes', Array.new(101) { ZCRMSDK::Operations::ZCRMNote.new }, 'MORE NOTES PROVIDED'],
      ['a note with an id', [ZCRMSDK::Operations::ZCRMNote.new(nil, '1')], 'NOTE ID PROVIDED']
    ].each do |label, notes, code|
      it "refuses #{label} with #{code}" do
        error = error_from { lead.add_notes(notes) }
        expect(error).to have_attributes(status_code: 400, exception_code: code)
        expect(crm_requests).to be_empty
      end
    end
  end

  describe 'ZCRMRecord#get_notes' do
    it 'GETs {module}/{id}/Notes?page=1&per_page=20 and maps ZCRMNotes with their parent' do
      add_notes!(lead, 'First', 'Second')
      response = lead.get_notes

      expect(request_for(:get, "/Leads/#{lead.entity_id}/Notes").query).to eq('page' => '1', 'per_page' => '20')
      expect(response).to be_a(ZCRMSDK::Response::BulkAPIResponse)
      expect(response.data).to all(be_a(ZCRMSDK::Operations::ZCRMNote))
      expect(response.data.map(&:content)).to match_array(%w[First Second])
      note = response.data.first
      expect(note).to have_attributes(parent_id: lead.entity_id, parent_module: 'Leads', parent_name: 'Ramirez',
                                      is_editable: true)
      expect(note.parent_record).to equal(lead)
      expect(note.owner.id).to eq(current_user_id)
    end

    it 'sends sort_by, sort_order, page and per_page' do
      add_notes!(lead, 'b', 'a', 'c')
      response = lead.get_notes('Note_Content', 'desc', 1, 2)
      expect(request_for(:get, "/Leads/#{lead.entity_id}/Notes").query)
        .to eq('sort_by' => 'Note_Content', 'sort_order' => 'desc', 'page' => '1', 'per_page' => '2')
      expect(response.data.map(&:content)).to eq(%w[c b])
      expect(response.info.is_more_records).to be(true)
    end

    it 'raises "No Content" for a record without notes, as 1.0.x did' do
      error = error_from { lead.get_notes }
      expect(error).to have_attributes(status_code: 204, exception_code: 'No Content')
    end
  end

  describe 'ZCRMRecord#update_note and #delete_note' do
    it 'update_note PUTs {module}/{id}/Notes/{note_id} and answers the updated note' do
      note = add_notes!(lead, 'Draft').first
      note.content = 'Final'
      response = lead.update_note(note)

      expect(request_for(:put, "/Leads/#{lead.entity_id}/Notes/#{note.id}").json).to eq(
        'data' => [{ 'Note_Content' => 'Final', 'Parent_Id' => lead.entity_id, 'se_module' => 'Leads' }]
      )
      expect(response).to be_a(ZCRMSDK::Response::APIResponse)
      expect(response).to have_attributes(status_code: 200, status: 'success', message: 'record updated')
      expect(response.data).to equal(note)
      expect(note.modified_time).not_to be_nil
      expect(lead.get_notes.data.map(&:content)).to eq(['Final'])
    end

    it 'delete_note DELETEs {module}/{id}/Notes/{note_id}' do
      kept, gone = add_notes!(lead, 'keep', 'drop')
      response = lead.delete_note(gone)

      expect(request_for(:delete, "/Leads/#{lead.entity_id}/Notes/#{gone.id}")).not_to be_nil
      expect(response).to be_a(ZCRMSDK::Response::APIResponse)
      expect(response).to have_attributes(status_code: 200, status: 'success', message: 'record deleted')
      expect(lead.get_notes.data.map(&:id)).to eq([kept.id])
    end

    %i[update_note delete_note].each do |name|
      it "#{name} refuses a note without id" do
        error = error_from { lead.public_send(name, note_for(lead, 'x')) }
        expect(error).to have_attributes(status_code: 400, exception_code: 'NOTE INSTANCE OR NOTE ID NOT PROVIDED')
        expect(crm_requests).to be_empty
      end
    end
  end

  describe 'ZCRMModuleRelation (the 1.0.x class behind them)' do
    let(:relation) { ZCRMSDK::Operations::ZCRMModuleRelation.get_instance(lead, 'Notes') }

    it 'add_notes / get_notes / update_note / delete_note hit the same endpoints; get_notes defaults to per_page=200' do
      note = note_for(lead, 'via relation')
      expect(relation.add_notes([note]).data).to eq([note])
      listed = relation.get_notes
      note.content = 'edited via relation'
      relation.update_note(note)
      relation.delete_note(note)

      expect(crm_requests.map(&:to_s)).to eq(
        ["POST /Leads/#{lead.entity_id}/Notes",
         "GET /Leads/#{lead.entity_id}/Notes?page=1&per_page=200",
         "PUT /Leads/#{lead.entity_id}/Notes/#{note.id}",
         "DELETE /Leads/#{lead.entity_id}/Notes/#{note.id}"]
      )
      expect(listed.data.map(&:content)).to eq(['via relation'])
      expect { lead.get_notes }.to raise_error(ZCRMSDK::NoContentError)
    end

    it 'refuses to work without a parent record id' do
      orphan = ZCRMSDK::Operations::ZCRMModuleRelation.get_instance(ZCRMSDK::Operations::ZCRMRecord.new('Leads'), 'Notes')
      expect(error_from { orphan.get_notes }.exception_code).to eq('RECORD ID NOT PROVIDED')
      expect(crm_requests).to be_empty
    end
  end

  describe 'ZCRMOrganization#get_notes / #create_notes / #delete_notes' do
    it 'get_notes GETs Notes?page&per_page and builds each note\'s parent from Parent_Id and $se_module' do
      account = create_records!('Accounts', [{ 'Account_Name' => 'Acme' }]).first
      add_notes!(lead, 'on the lead')
      add_notes!(account, 'on the account')
      response = org.get_notes

      expect(request_for(:get, '/Notes').query).to eq('page' => '1', 'per_page' => '200')
      expect(response).to be_a(ZCRMSDK::Response::BulkAPIResponse)
      parents = response.data.to_h { |n| [n.content, [n.parent_record.class, n.parent_record.module_api_name, n.parent_record.entity_id]] }
      expect(parents).to eq(
        'on the lead' => [ZCRMSDK::Operations::ZCRMRecord, 'Leads', lead.entity_id],
        'on the account' => [ZCRMSDK::Operations::ZCRMRecord, 'Accounts', account.entity_id]
      )
    end

    it 'get_notes sends sort_by / sort_order after page and per_page' do
      add_notes!(lead, 'b', 'a')
      response = org.get_notes('Note_Content', 'asc', 1, 10)
      expect(request_for(:get, '/Notes').query)
        .to eq('page' => '1', 'per_page' => '10', 'sort_by' => 'Note_Content', 'sort_order' => 'asc')
      expect(response.data.map(&:content)).to eq(%w[a b])
    end

    it 'create_notes POSTs Notes with each note\'s parent; delete_notes DELETEs Notes?ids=' do
      notes = [note_for(lead, 'org note 1'), note_for(lead, 'org note 2', 'Titled')]
      created = org.create_notes(notes)

      expect(request_for(:post, '/Notes').json).to eq(
        'data' => [{ 'Note_Content' => 'org note 1', 'Parent_Id' => lead.entity_id, 'se_module' => 'Leads' },
                   { 'Note_Title' => 'Titled', 'Note_Content' => 'org note 2', 'Parent_Id' => lead.entity_id, 'se_module' => 'Leads' }]
      )
      expect(created).to be_a(ZCRMSDK::Response::BulkAPIResponse)
      expect(created.status_code).to eq(201)
      expect(created.data).to eq(notes)
      expect(notes.map(&:id)).to all(match(/\A\d{19}\z/))
      expect(lead.get_notes.data.map(&:id)).to match_array(notes.map(&:id))

      emulator.clear_requests
      deleted = org.delete_notes([notes.first.id, notes.last])
      expect(request_for(:delete, '/Notes').query).to eq('ids' => notes.map(&:id).join(','))
      expect(deleted.bulk_entity_response.map { |r| [r.status, r.details] })
        .to eq(notes.map { |n| ['success', { 'id' => n.id }] })
      expect { lead.get_notes }.to raise_error(ZCRMSDK::NoContentError)
    end

    it 'create_notes reports a note without a parent as a per-record MANDATORY_NOT_FOUND, not an exception' do
      orphan = ZCRMSDK::Operations::ZCRMNote.new
      orphan.content = 'nowhere'
      response = org.create_notes([note_for(lead, 'fine'), orphan])
      expect(response.status_code).to eq(207)
      expect(response.bulk_entity_response.map { |r| [r.status, r.code] })
        .to eq([%w[success SUCCESS], %w[error MANDATORY_NOT_FOUND]])
      expect(response.data.map(&:content)).to eq(['fine'])
    end
  end

  describe 'ZCRMNote attachments (through Notes/{note_id}/Attachments)' do
    let(:note) { add_notes!(lead, 'with a file').first }
    let(:file) { File.join(scratch, 'minutes.txt').tap { |path| File.binwrite(path, "minutes\x00of the call\n" * 50) } }

    it 'upload_attachment, get_attachments, download_attachment and delete_attachment' do
      uploaded = note.upload_attachment(file)
      expect(uploaded).to be_a(ZCRMSDK::Response::APIResponse)
      expect(uploaded).to have_attributes(status_code: 200, status: 'success')
      attachment = uploaded.data
      expect(attachment).to be_a(ZCRMSDK::Operations::ZCRMAttachment)
      expect(attachment.id).to match(/\A\d{19}\z/)
      upload = request_for(:post, "/Notes/#{note.id}/Attachments")
      expect(upload.content_type).to start_with('multipart/form-data')

      listed = note.get_attachments
      expect(request_for(:get, "/Notes/#{note.id}/Attachments").query).to eq('page' => '1', 'per_page' => '20')
      expect(listed.data.map { |a| [a.id, a.file_name, a.size] }).to eq([[attachment.id, 'minutes.txt', File.size(file).to_s]])

      downloaded = note.download_attachment(attachment.id)
      expect(request_for(:get, "/Notes/#{note.id}/Attachments/#{attachment.id}")).not_to be_nil
      expect(downloaded).to be_a(ZCRMSDK::Response::FileAPIResponse)
      expect(downloaded.filename).to eq('minutes.txt')
      expect(downloaded.response.b).to eq(File.binread(file))

      io = StringIO.new(+'')
      note.download_attachment(attachment.id, to: io)
      expect(io.string.b).to eq(File.binread(file))

      deleted = note.delete_attachment(attachment.id)
      expect(request_for(:delete, "/Notes/#{note.id}/Attachments/#{attachment.id}")).not_to be_nil
      expect(deleted).to have_attributes(status_code: 200, status: 'success')
      expect { note.get_attachments }.to raise_error(ZCRMSDK::NoContentError)
    end
  end

  describe '#each_note (beyond 1.0.x)' do
    it 'ZCRMRecord#each_note enumerates every note, 200 per page' do
      add_notes!(lead, *Array.new(3) { |n| "note #{n}" })
      expect(lead.each_note.map(&:content)).to match_array(['note 0', 'note 1', 'note 2'])
      expect(request_for(:get, "/Leads/#{lead.entity_id}/Notes").query).to eq('page' => '1', 'per_page' => '200')
    end

    it 'ZCRMOrganization#each_note pages lazily and is empty (not an exception) without notes' do
      expect(org.each_note.to_a).to eq([])
      add_notes!(lead, 'a', 'b', 'c')
      expect(org.each_note(per_page: 2, prefetch: false).first(1).map(&:class)).to eq([ZCRMSDK::Operations::ZCRMNote])
      expect(requests_for(:get, '/Notes').size).to eq(1)
    end
  end
end
