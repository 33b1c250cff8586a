# frozen_string_literal: true

require_relative '../support/zcrm_stubs_spec'

# The response classes against the real ZCRMSDK::Internal::RawResponse (lib/zcrmsdk/internal.rb),
# when it is there: header Hash with a default proc, JSON parsed lazily from the body.
RSpec.describe 'responses built from ZCRMSDK::Internal::RawResponse' do
  before do
    begin
      require File.expand_path('../../../lib/zcrmsdk/internal', __dir__)
    rescue LoadError, StandardError
      nil
    end
    skip 'ZCRMSDK::Internal::RawResponse is not available' unless defined?(ZCRMSDK::Internal::RawResponse)
  end

  def native_raw(status, header_pairs, body, api_key, kind)
    ZCRMSDK::Internal::RawResponse.from_native('test.op', [status, header_pairs, body, 'https://x/crm/v2/Leads', api_key, kind])
  end

  it 'reads a bulk answer' do
    body = JSON.generate('data' => [{ 'id' => '1' }], 'info' => { 'page' => 1, 'per_page' => 200, 'count' => 1, 'more_records' => false })
    response = ZCRMSDK::Response::BulkAPIResponse.from_raw(native_raw(200, [%w[content-type application/json]], body, 'data', 'bulk'))
    expect(response.response_json['data']).to eq([{ 'id' => '1' }])
    expect(response.info.count).to eq(1)
    expect(response.response_headers['content-type']).to eq(['application/json'])
  end

  it 'reads a download without touching missing headers' do
    raw = native_raw(200, [['content-disposition', "attachment;filename*=UTF-8''a%20b.png"]], "\x89PNG".b, 'data', 'file')
    response = ZCRMSDK::Response::FileAPIResponse.from_raw(raw)
    expect(response).to have_attributes(filename: 'a b.png', response: "\x89PNG".b, content_type: nil)
    expect(raw.headers.keys).to eq(['content-disposition'])
  end

  it 'reads a 304 with an empty body' do
    response = ZCRMSDK::Response::BulkAPIResponse.from_raw(native_raw(304, [], '', 'data', 'bulk'))
    expect(response.response_json).to eq({})
    expect(response.info).to be_nil
  end
end
