# frozen_string_literal: true

require 'stringio'

# A record's attachments (ZCRMRecord / ZCRMModuleRelation 'Attachments') and photo.
RSpec.describe 'CRM attachments and photos' do
  include_context 'with a signed-in CRM'

  let(:lead) { create_lead!('Ramirez', Company: 'Acme') }
  let(:content) { (+"%PDF-1.4\n") << (0..255).map(&:chr).join.b * 40 << "\n%%EOF\n" }
  let(:contract) { File.join(scratch, 'contract 2026.pdf').tap { |path| File.binwrite(path, content) } }
  let(:photo_bytes) { "\x89PNG\r\n\x1A\n".b + Random.new(7).bytes(3000) }
  let(:photo) { File.join(scratch, 'face.png').tap { |path| File.binwrite(path, photo_bytes) } }

  def upload!(record = lead, path = contract)
    record.upload_attachment(path).data.tap { emulator.clear_requests }
  end

  describe 'ZCRMRecord#upload_attachment' do
    it 'POSTs the file as multipart field "file"; data is the new ZCRMAttachment of this record' do
      response = lead.upload_attachment(contract)

      request = request_for(:post, "/Leads/#{lead.entity_id}/Attachments")
      expect(request.content_type).to start_with('multipart/form-data; boundary=')
      expect(request.body).to start_with('file=')
      expect(response).to be_a(ZCRMSDK::Response::APIResponse)
      expect(response).to have_attributes(status_code: 200, status: 'success', code: 'SUCCESS',
                                          message: 'attachment uploaded successfully')
      expect(response.data).to be_a(ZCRMSDK::Operations::ZCRMAttachment)
      expect(response.data.id).to match(/\A\d{19}\z/)
      expect(response.data.parent_record).to equal(lead) # nil in 1.0.x
      expect(lead.get_attachments.data.map(&:id)).to eq([response.data.id])
    end

    it 'refuses a missing path before sending, and names a file that cannot be read' do
      expect(error_from { lead.upload_attachment(nil) }.exception_code).to eq('FILEPATH NOT PROVIDED')
      missing = error_from { lead.upload_attachment(File.join(scratch, 'nope.pdf')) }
      expect(missing).to have_attributes(status_code: 400, exception_code: 'FILE NOT FOUND')
      expect(missing.message).to include('nope.pdf')
      expect(crm_requests).to be_empty
    end
  end

  describe 'ZCRMRecord#upload_link_as_attachment' do
    it 'POSTs the URL as multipart field attachmentUrl; the attachment is a link' do
      response = lead.upload_link_as_attachment('https://example.com/brief?v=2')

      request = request_for(:post, "/Leads/#{lead.entity_id}/Attachments")
      expect(request.content_type).to start_with('multipart/form-data')
      expect(URI.decode_www_form(request.body).to_h).to eq('attachmentUrl' => 'https://example.com/brief?v=2')
      expect(response).to have_attributes(status_code: 200, status: 'success')
      link = lead.get_attachments.data.find { |a| a.id == response.data.id }
      expect(link).to have_attributes(type: 'Link URL', link_url: 'https://example.com/brief?v=2')
    end
  end

  describe 'ZCRMRecord#get_attachments' do
    it 'GETs {module}/{id}/Attachments?page=1&per_page=20 and maps ZCRMAttachments' do
      file = upload!
      link = lead.upload_link_as_attachment('https://example.com/brief').data
      emulator.clear_requests
      response = lead.get_attachments

      expect(request_for(:get, "/Leads/#{lead.entity_id}/Attachments").query).to eq('page' => '1', 'per_page' => '20')
      expect(response).to be_a(ZCRMSDK::Response::BulkAPIResponse)
      expect(response.data).to all(be_a(ZCRMSDK::Operations::ZCRMAttachment))
      by_id = response.data.to_h { |a| [a.id, a] }
      expect(by_id.keys).to match_array([file.id, link.id])
      expect(by_id[file.id]).to have_attributes(file_name: 'contract 2026.pdf', size: content.bytesize.to_s,
                                                type: 'Attachment', parent_id: lead.entity_id, parent_module: 'Leads')
      expect(by_id[file.id].parent_record).to equal(lead)
      expect(by_id[file.id].created_by.id).to eq(current_user_id)
    end

    it 'sends page and per_page' do
      2.times { upload! }
      response = lead.get_attachments(2, 1)
      expect(request_for(:get, "/Leads/#{lead.entity_id}/Attachments").query).to eq('page' => '2', 'per_page' => '1')
      expect(response.data.size).to eq(1)
      expect(response.info).to have_attributes(page: 2, is_more_records: false)
    end

    it 'raises "No Content" for a record without attachments' do
      expect(error_from { lead.get_attachments }).to have_attributes(status_code: 204, exception_code: 'No Content')
    end
  end

  describe 'ZCRMRecord#download_attachment' do
    let!(:attachment) { upload! }

    it 'GETs {module}/{id}/Attachments/{aid}: a FileAPIResponse holding the file (1.0.x: in memory)' do
      file = lead.download_attachment(attachment.id)

      expect(request_for(:get, "/Leads/#{lead.entity_id}/Attachments/#{attachment.id}")).not_to be_nil
      expect(file).to be_a(ZCRMSDK::Response::FileAPIResponse)
      expect(file).to have_attributes(status_code: 200, status: 'success', filename: 'contract 2026.pdf')
      expect(file.response.b).to eq(content)
      expect(file.response.bytesize).to eq(content.bytesize)
    end

    it 'streams to a path with to: (beyond 1.0.x); the content equals the upload and no .part is left' do
      target = File.join(scratch, 'copy.pdf')
      file = lead.download_attachment(attachment.id, to: target)

      expect(file).to be_a(ZCRMSDK::Response::FileAPIResponse)
      expect(file).to have_attributes(status_code: 200, filename: 'contract 2026.pdf')
      expect(File.binread(target)).to eq(content)
      expect(File.exist?("#{target}.part")).to be(false)
      expect(requests_for(:get, "/Leads/#{lead.entity_id}/Attachments/#{attachment.id}").size).to eq(1)
    end

    it 'streams to any IO with to: (a StringIO here)' do
      io = StringIO.new(+'')
      file = lead.download_attachment(attachment.id, to: io)
      expect(file.status_code).to eq(200)
      expect(io.string.b).to eq(content)
    end

    it 'keeps a non-ASCII file name (Content-Disposition filename*=UTF-8\'\'…)' do
      path = File.join(scratch, 'résumé ü.txt')
      File.write(path, 'héllo')
      uploaded = upload!(lead, path)
      file = lead.download_attachment(uploaded.id)
      expect(file.filename).to eq('résumé ü.txt')
      expect(file.response.b).to eq('héllo'.b)
    end

    it 'raises Zoho\'s INVALID_DATA for an attachment that is gone' do
      lead.delete_attachment(attachment.id)
      error = error_from { lead.download_attachment(attachment.id) }
      expect(error).to be_a(ZCRMSDK::APIError)
      expect(error).to have_attributes(status_code: 400, exception_code: 'INVALID_DATA')
    end

    it 'refuses a missing attachment id' do
      expect(error_from { lead.download_attachment(nil) }.exception_code).to eq('ID IS NOT PROVIDED')
      expect(crm_requests).to be_empty
    end
  end

  describe 'ZCRMRecord#delete_attachment' do
    it 'DELETEs {module}/{id}/Attachments/{aid}' do
      kept = upload!
      gone = upload!
      response = lead.delete_attachment(gone.id)

      expect(request_for(:delete, "/Leads/#{lead.entity_id}/Attachments/#{gone.id}")).not_to be_nil
      expect(response).to be_a(ZCRMSDK::Response::APIResponse)
      expect(response).to have_attributes(status_code: 200, status: 'success')
      expect(lead.get_attachments.data.map(&:id)).to eq([kept.id])
    end
  end

  describe 'ZCRMModuleRelation (the 1.0.x class behind them)' do
    it 'upload_attachment / upload_link_as_attachment / get_attachments / download_attachment / delete_attachment' do
      relation = ZCRMSDK::Operations::ZCRMModuleRelation.get_instance(lead, 'Attachments')
      file = relation.upload_attachment(contract).data
      link = relation.upload_link_as_attachment('https://example.com/x').data
      listed = relation.get_attachments(1, 10)
      downloaded = relation.download_attachment(file.id)
      relation.delete_attachment(link.id)

      base = "/Leads/#{lead.entity_id}/Attachments"
      expect(crm_requests.map(&:to_s)).to eq(
        ["POST #{base}", "POST #{base}", "GET #{base}?page=1&per_page=10", "GET #{base}/#{file.id}",
         "DELETE #{base}/#{link.id}"]
      )
      expect(listed.data.map(&:id)).to match_array([file.id, link.id])
      expect(downloaded.response.b).to eq(content)
      expect(lead.get_attachments.data.map(&:id)).to eq([file.id])
    end
  end

  describe '#each_attachment (beyond 1.0.x)' do
    it 'enumerates every attachment with 200 per page, and is empty (no exception) without any' do
      expect(lead.each_attachment.to_a).to eq([])
      3.times { upload! }
      expect(lead.each_attachment.map(&:file_name)).to eq(['contract 2026.pdf'] * 3)
      expect(request_for(:get, "/Leads/#{lead.entity_id}/Attachments").query).to eq('page' => '1', 'per_page' => '200')
    end
  end

  describe 'photos: ZCRMRecord#upload_photo / #download_photo / #delete_photo' do
    it 'upload_photo POSTs {module}/{id}/photo as multipart "file"; the answer is top-level (no data)' do
      response = lead.upload_photo(photo)

      request = request_for(:post, "/Leads/#{lead.entity_id}/photo")
      expect(request.content_type).to start_with('multipart/form-data')
      expect(request.body).to start_with('file=')
      expect(response).to be_a(ZCRMSDK::Response::APIResponse)
      expect(response).to have_attributes(status_code: 200, status: 'success', code: 'SUCCESS',
                                          message: 'photo uploaded successfully')
    end

    it 'download_photo GETs {module}/{id}/photo: a FileAPIResponse with the uploaded bytes' do
      lead.upload_photo(photo)
      emulator.clear_requests
      file = lead.download_photo

      expect(request_for(:get, "/Leads/#{lead.entity_id}/photo")).not_to be_nil
      expect(file).to be_a(ZCRMSDK::Response::FileAPIResponse)
      expect(file).to have_attributes(status_code: 200, status: 'success', filename: 'face.png')
      expect(file.content_type).to eq('image/png')
      expect(file.response.b).to eq(photo_bytes)
    end

    it 'download_photo(to:) streams to a path or an IO' do
      lead.upload_photo(photo)
      target = File.join(scratch, 'copy.png')
      io = StringIO.new(+'')
      lead.download_photo(to: target)
      lead.download_photo(to: io)
      expect(File.binread(target)).to eq(photo_bytes)
      expect(io.string.b).to eq(photo_bytes)
    end

    it 'delete_photo DELETEs {module}/{id}/photo; the photo is gone (204 No Content)' do
      lead.upload_photo(photo)
      emulator.clear_requests
      response = lead.delete_photo

      expect(request_for(:delete, "/Leads/#{lead.entity_id}/photo")).not_to be_nil
      expect(response).to be_a(ZCRMSDK::Response::APIResponse)
      expect(response).to have_attributes(status_code: 200, status: 'success')
      expect(error_from { lead.download_photo }).to have_attributes(status_code: 204, exception_code: 'No Content')
    end

    it 'refuses a record without id or a missing path' do
      no_id = ZCRMSDK::Operations::ZCRMRecord.get_instance('Leads')
      expect(error_from { no_id.upload_photo(photo) }.exception_code).to eq('ID IS NOT PROVIDED')
      expect(error_from { no_id.download_photo }.exception_code).to eq('ID IS NOT PROVIDED')
      expect(error_from { no_id.delete_photo }.exception_code).to eq('ID IS NOT PROVIDED')
      expect(error_from { lead.upload_photo(nil) }.exception_code).to eq('FILEPATH NOT PROVIDED')
      expect(crm_requests).to be_empty
    end
  end
end
