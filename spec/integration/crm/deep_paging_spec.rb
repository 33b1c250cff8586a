# frozen_string_literal: true

# Walking a module past 2,000 records: Zoho lists only the first 2,000 by `page`; API v3 and
# later go on with `page_token` up to 100,000 (Kaizen #60). each_record switches by itself
# and stops with PaginationLimitError where Zoho stops.
RSpec.describe 'Paging past 2,000 records' do
  include_context 'with a signed-in CRM'

  let(:leads) { module_named('Leads') }

  before { emulator.seed('Leads', 2_300) }

  def list_requests
    requests_for(:get, '/Leads')
  end

  context 'with API v2 (the default)' do
    it 'yields the 2,000 records Zoho lists, then raises PaginationLimitError naming the limit and what to do' do
      walked = []
      expect { leads.each_record(fields: %w[Last_Name]) { |record| walked << record.entity_id } }
        .to raise_error(ZCRMSDK::PaginationLimitError) { |error|
          expect(error.limit).to eq(2_000)
          expect(error.status_code).to eq(400)
          expect(error.message).to include('first 2000 records', "api_version 'v3'", 'Bulk Read')
        }
      expect(walked.uniq.size).to eq(2_000)
      expect(list_requests.map { |r| r.query['page'] }).to eq(('1'..'11').to_a)
    end

    it 'raises the same error, a kind of InvalidRequestError, for get_records beyond the limit' do
      expect { leads.get_records(nil, nil, nil, 11, 200) }.to raise_error(ZCRMSDK::InvalidRequestError) { |error|
        expect(error).to be_a(ZCRMSDK::PaginationLimitError)
        expect(error.exception_code).to eq('DISCRETE_PAGINATION_LIMIT_EXCEEDED')
      }
      expect(leads.get_records(nil, nil, nil, 10, 200).data.size).to eq(200)
    end

    context 'when the emulator lifts the cap (page_limit: 0, for benchmarks of the 1.0.x walk)' do
      let(:emulator_options) { { page_limit: 0 } }

      it 'walks every record by page number' do
        expect(leads.each_record(fields: %w[Last_Name]).count).to eq(2_300)
        expect(list_requests.map { |r| r.query['page_token'] }.compact).to be_empty
      end
    end
  end

  context 'with API v3' do
    def sign_in
      init_sdk('persistence' => 'memory', 'api_version' => 'v3')
      generate_tokens
      emulator.clear_requests
    end

    it 'walks all 2,300 records once each: page 1, then each answer\'s next_page_token, never both' do
      ids = leads.each_record(fields: %w[Last_Name]).map(&:entity_id)
      expect(ids.size).to eq(2_300)
      expect(ids.uniq.size).to eq(2_300)
      queries = list_requests.map(&:query)
      expect(queries.size).to eq(12)
      expect(queries.first).to include('page' => '1')
      expect(queries.drop(1)).to all(include('page_token'))
      expect(queries.drop(1)).to all(satisfy { |q| !q.key?('page') })
    end

    it 'get_records(page_token:) asks for that page and exposes the tokens in info' do
      first = leads.get_records(fields: %w[Last_Name], per_page: 100)
      token = first.info.next_page_token
      expect(token).to be_a(String)
      expect(first.info.page_token_expiry).to match(/\A\d{4}-\d\d-\d\dT/)

      second = leads.get_records(fields: %w[Last_Name], page_token: token, per_page: 100)
      expect(second.data.map(&:entity_id) & first.data.map(&:entity_id)).to be_empty
      expect(second.info.previous_page_token).to be_a(String)
      expect(list_requests.last.query).to include('page_token' => token)
      expect(list_requests.last.query).not_to have_key('page')
    end

    it 'refuses page: with page_token: before sending anything' do
      expect { leads.get_records(fields: %w[Last_Name], page: 2, page_token: 'abc') }
        .to raise_error(ZCRMSDK::ValidationError, /page or page_token, not both/)
      expect(list_requests).to be_empty
    end

    it 'passes on Zoho\'s refusal of a list without fields' do
      expect { leads.each_record.first }.to raise_error(ZCRMSDK::InvalidRequestError) { |error|
        expect(error.exception_code).to eq('REQUIRED_PARAM_MISSING')
        expect(error.error_details).to include('param_name' => 'fields')
      }
    end
  end
end
