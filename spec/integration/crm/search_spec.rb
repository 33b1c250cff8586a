# frozen_string_literal: true

# ZCRMModule#search_records and its _by_phone / _by_email / _by_criteria siblings (1.0.x), and
# each_search_result (beyond 1.0.x).
RSpec.describe 'CRM search' do
  include_context 'with a signed-in CRM'

  let(:leads) { module_named('Leads') }
  let!(:people) do
    create_records!('Leads', [
                      { 'Last_Name' => 'Ramirez', 'Company' => 'Acme Corp', 'Email' => 'ramirez@acme.example',
                        'Phone' => '+1 555 0100' },
                      { 'Last_Name' => 'Okafor', 'Company' => 'Acme Labs', 'Email' => 'okafor@acme.example',
                        'Phone' => '+1 555 0199' },
                      { 'Last_Name' => 'Smith', 'Company' => 'Globex', 'Email' => 'smith@globex.example',
                        'Phone' => '+44 20 7946 0000' }
                    ])
  end
  let(:names) { ->(response) { response.data.map { |r| r.field_data['Last_Name'] } } }

  [
    [:search_records, 'word', 'acme', %w[Ramirez Okafor]],
    [:search_records_by_email, 'email', 'smith@globex.example', %w[Smith]],
    [:search_records_by_phone, 'phone', '5550199', %w[Okafor]],
    [:search_records_by_criteria, 'criteria', '((Company:starts_with:Acme)and(Last_Name:equals:Ramirez))', %w[Ramirez]]
  ].each do |method_name, param, term, expected|
    it "#{method_name} GETs {module}/search?#{param}=… with page=1&per_page=200 and maps the hits" do
      response = leads.public_send(method_name, term)

      expect(request_for(:get, '/Leads/search').query).to eq(param => term, 'page' => '1', 'per_page' => '200')
      expect(response).to be_a(ZCRMSDK::Response::BulkAPIResponse)
      expect(response.status_code).to eq(200)
      expect(response.data).to all(be_a(ZCRMSDK::Operations::ZCRMRecord))
      expect(names.call(response)).to match_array(expected)
      expect(response.data.map(&:module_api_name).uniq).to eq(['Leads'])
      expect(response.info).to have_attributes(count: expected.size, is_more_records: false)
    end

    it "#{method_name} raises ZCRMException 'No Content' (204) when nothing matches, as 1.0.x did" do
      no_hit = param == 'criteria' ? '(Last_Name:equals:Nobody)' : 'nothing-matches-this@nowhere.example'
      no_hit = '000000000' if param == 'phone'
      error = error_from { leads.public_send(method_name, no_hit) }
      expect(error).to be_a(ZCRMSDK::Utility::ZCRMException)
      expect(error).to have_attributes(status_code: 204, exception_code: 'No Content')
      expect(request_for(:get, '/Leads/search').query).to include(param => no_hit)
    end
  end

  it 'sends page and per_page and reports more records' do
    first = leads.search_records('acme', 1, 1)
    second = leads.search_records('acme', 2, 1)
    expect(requests_for(:get, '/Leads/search').map(&:query)).to eq(
      [{ 'word' => 'acme', 'page' => '1', 'per_page' => '1' }, { 'word' => 'acme', 'page' => '2', 'per_page' => '1' }]
    )
    expect(first.info).to have_attributes(page: 1, per_page: 1, count: 1, is_more_records: true)
    expect(second.info.is_more_records).to be(false)
    expect(names.call(first) + names.call(second)).to match_array(%w[Ramirez Okafor])
  end

  it 'sends criteria with spaces, parentheses and commas intact (URL-encoded, decoded by Zoho)' do
    criteria = '((Company:equals:Acme Corp)or(Company:equals:Globex))or(Last_Name:equals:Nobody\\, \\(Jr\\))'
    response = leads.search_records_by_criteria(criteria)
    expect(request_for(:get, '/Leads/search').query['criteria']).to eq(criteria)
    expect(names.call(response)).to match_array(%w[Ramirez Smith])
  end

  # v2 search takes equals and starts_with only, and equals also finds values containing the
  # term ("ABC" finds "ABC Inc"): https://www.zoho.com/crm/developer/docs/api/v2/search-records.html
  it 'finds every value containing an equals term, and surfaces an operator v2 does not list as INVALID_QUERY' do
    expect(names.call(leads.search_records_by_criteria('(Company:equals:Acme)'))).to match_array(%w[Ramirez Okafor])
    error = error_from { leads.search_records_by_criteria('(Company:in:Globex,Initech)') }
    expect(error).to have_attributes(status_code: 400, exception_code: 'INVALID_QUERY')
  end

  it 'surfaces an invalid criteria as Zoho\'s INVALID_QUERY' do
    error = error_from { leads.search_records_by_criteria('(No_Such_Field:equals:x)') }
    expect(error).to be_a(ZCRMSDK::InvalidRequestError)
    expect(error).to have_attributes(status_code: 400, exception_code: 'INVALID_QUERY')
  end

  it 'refuses a blank search word before sending anything' do
    %i[search_records search_records_by_email search_records_by_phone search_records_by_criteria].each do |name|
      error = error_from { leads.public_send(name, nil) }
      expect(error).to have_attributes(status_code: 400, exception_code: 'SEARCH WORD NOT PROVIDED')
    end
    expect(crm_requests).to be_empty
  end

  it 'does not find a converted lead (Zoho searches unconverted leads)' do
    people.first.convert
    emulator.clear_requests
    expect(names.call(leads.search_records('acme'))).to eq(%w[Okafor])
  end

  describe '#each_search_result (beyond 1.0.x)' do
    it 'enumerates every hit across pages, fetching one page per 200 hits' do
      create_leads!(230, prefix: 'Bulk')
      hits = leads.each_search_result(word: 'bulk', prefetch: false).map { |r| r['Last_Name'] }

      expect(hits.size).to eq(230)
      expect(hits.uniq.size).to eq(230)
      expect(requests_for(:get, '/Leads/search').map(&:query)).to eq(
        [{ 'word' => 'bulk', 'page' => '1', 'per_page' => '200' }, { 'word' => 'bulk', 'page' => '2', 'per_page' => '200' }]
      )
    end

    it 'is an empty enumeration, not an exception, when nothing matches' do
      expect(leads.each_search_result(criteria: '(Last_Name:equals:Nobody)').to_a).to eq([])
      expect(requests_for(:get, '/Leads/search').size).to eq(1)
    end

    it 'takes exactly one of word:, email:, phone:, criteria:' do
      expect(leads.each_search_result(email: 'okafor@acme.example').map { |r| r['Last_Name'] }).to eq(%w[Okafor])
      expect(error_from { leads.each_search_result(word: 'a', email: 'b') }.exception_code).to eq('INVALID ARGUMENT')
      expect(error_from { leads.each_search_result }.exception_code).to eq('SEARCH WORD NOT PROVIDED')
    end
  end
end
