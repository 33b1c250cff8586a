# frozen_string_literal: true

require_relative '../support/zcrm_stubs_spec'

RSpec.describe 'ZCRMSDK::Response' do
  describe ZCRMSDK::Response::APIResponse do
    it 'copies status, code, message and details from json[api_key][0]' do
      json = { 'data' => [success_entry({ 'id' => '1' }, message: 'record updated')] }
      response = described_class.from_raw(raw(json, api_key: 'data'))

      expect(response).to have_attributes(status_code: 200, status: 'success', code: 'SUCCESS',
                                          message: 'record updated', details: { 'id' => '1' },
                                          api_key: 'data', url: 'https://www.zohoapis.com/crm/v2/test')
      expect(response.response_json).to eq(json)
    end

    it 'keeps the RawResponse as #response (and #raw_response)' do
      answer = raw({})
      response = described_class.new(answer, 200, answer.url, 'data')
      expect(response.response).to be(answer)
      expect(response.raw_response).to be(answer)
    end

    it 'reads a top-level status (photo upload answers have no envelope)' do
      response = described_class.from_raw(raw(success_entry({}, message: 'photo uploaded successfully')))
      expect(response).to have_attributes(status: 'success', message: 'photo uploaded successfully')
    end

    it 'raises on an error entry, as 1.0.x did' do
      expect { described_class.from_raw(raw({ 'data' => [error_entry('MANDATORY_NOT_FOUND')] })) }
        .to raise_error(zcrm_error) { |e| expect(e.exception_code).to eq('MANDATORY_NOT_FOUND') }
    end

    it 'raises No Content for a 204 built by hand' do
      expect { described_class.from_raw(raw({}, status: 204)) }.to raise_error(zcrm_exception_with_code('No Content', 204))
    end

    it 'raises with the top-level code for a faulty status built by hand' do
      json = { 'code' => 'INVALID_TOKEN', 'message' => 'invalid oauth token', 'details' => {}, 'status' => 'error' }
      expect { described_class.from_raw(raw(json, status: 401)) }.to raise_error(zcrm_exception_with_code('INVALID_TOKEN', 401))
    end

    it 'leaves a 304 alone' do
      response = described_class.from_raw(raw({}, status: 304))
      expect(response.status).to be_nil
      expect(response.response_json).to eq({})
    end

    it 'has a one-line inspect and a to_h' do
      response = described_class.from_raw(raw({ 'data' => [success_entry] }))
      response.data = ZCRMSDK::Operations::ZCRMRecord.new('Leads', '7')
      expect(response.inspect).to include('APIResponse 200 success', 'ZCRMRecord(7)')
      expect(response.to_h).to include(status_code: 200, status: 'success', code: 'SUCCESS')
    end
  end

  describe ZCRMSDK::Response::BulkAPIResponse do
    let(:json) do
      { 'data' => [success_entry({ 'id' => '1' }), error_entry('DUPLICATE_DATA'), { 'id' => 'no status' }],
        'info' => { 'per_page' => 200, 'count' => 2, 'page' => 1, 'more_records' => true } }
    end

    it 'builds one EntityResponse per element that has a status, without raising for errors' do
      response = described_class.from_raw(raw(json))
      expect(response.bulk_entity_response.map(&:status)).to eq(%w[success error])
      expect(response.bulk_entity_response.last.code).to eq('DUPLICATE_DATA')
    end

    it 'does not take listed entities with a status field for write results (users: "active")' do
      response = described_class.from_raw(raw({ 'users' => [{ 'id' => 'u1', 'status' => 'active' }] }, api_key: 'users'))
      expect(response.bulk_entity_response).to eq([])
    end

    it 'reads info' do
      info = described_class.from_raw(raw(json)).info
      expect(info).to have_attributes(is_more_records: true, page: 1, per_page: 200, count: 2)
      expect(info.more_records?).to be(true)
    end

    it 'has no info when the answer has none (e.g. 304)' do
      response = described_class.from_raw(raw({}, status: 304))
      expect(response.info).to be_nil
      expect(response.bulk_entity_response).to eq([])
    end

    it 'processes 207 (partial success) like 200' do
      expect(described_class.from_raw(raw(json, status: 207)).bulk_entity_response.size).to eq(2)
    end

    it 'accepts the 1.0.x constructor arity' do
      answer = raw(json)
      expect(described_class.get_instance(answer, 200, answer.url, 'data').bulk_entity_response.size).to eq(2)
    end
  end

  describe ZCRMSDK::Response::EntityResponse do
    it 'reads the upsert action and duplicate field' do
      entity = described_class.get_instance(success_entry({ 'id' => '1' }).merge('action' => 'update', 'duplicate_field' => 'Email'))
      expect(entity).to have_attributes(upsert_action: 'update', upsert_duplicate_field: 'Email', details: { 'id' => '1' })
      expect(entity).to be_success
    end
  end

  describe ZCRMSDK::Response::ResponseInfo do
    it 'converts to integers and treats anything but true as false' do
      info = described_class.new('page' => '2', 'per_page' => '10', 'count' => '3', 'more_records' => 'true')
      expect(info.to_h).to eq(more_records: false, page: 2, per_page: 10, count: 3)
    end
  end

  describe ZCRMSDK::Response::FileAPIResponse do
    def download(disposition, body: "\x89PNG".b)
      raw({}, headers: { 'content-disposition' => [disposition], 'content-type' => ['image/png'] }, body: body)
    end

    it 'returns the content as #response and the RawResponse as #raw_response (1.0.x usage)' do
      answer = download("attachment;filename*=UTF-8''photo.png")
      response = described_class.from_raw(answer)
      expect(response.response).to eq("\x89PNG".b)
      expect(response.raw_response).to be(answer)
      expect(response).to have_attributes(status: 'success', filename: 'photo.png', content_type: 'image/png')
    end

    it 'decodes the RFC 5987 form' do
      response = described_class.from_raw(download("attachment; filename*=UTF-8''r%C3%A9sum%C3%A9%20v2.pdf"))
      expect(response.filename).to eq('résumé v2.pdf')
    end

    it 'reads the quoted form, which 1.0.x could not (no quote character)' do
      expect(described_class.from_raw(download('attachment; filename="report 2020.csv"')).filename).to eq('report 2020.csv')
    end

    it 'reads a bare token' do
      expect(described_class.from_raw(download('attachment; filename=report.csv')).filename).to eq('report.csv')
    end

    it 'prefers filename* over filename' do
      header = %(attachment; filename="fallback.txt"; filename*=UTF-8''real.txt)
      expect(described_class.from_raw(download(header)).filename).to eq('real.txt')
    end

    it 'has no filename without the header' do
      response = described_class.from_raw(raw({}, body: 'x'))
      expect(response.filename).to be_nil
      expect(response.response).to eq('x')
    end

    it 'keeps set_file_content callable (1.0.x callers invoked it)' do
      response = described_class.from_raw(download('attachment; filename=a.txt'))
      expect { response.set_file_content }.not_to change(response, :response)
    end

    it 'raises for 204 and faulty statuses' do
      expect { described_class.from_raw(raw({}, status: 204)) }.to raise_error(zcrm_exception_with_code('No Content', 204))
      expect { described_class.from_raw(raw({ 'code' => 'NO_PERMISSION' }, status: 403)) }
        .to raise_error(zcrm_exception_with_code('NO_PERMISSION', 403))
    end
  end
end
