# frozen_string_literal: true

# ZCRMSDK.query: COQL (POST /crm/v2/coql) with value binding, paging by LIMIT/OFFSET and
# Zoho's documented limits checked before sending.
RSpec.describe 'COQL queries' do
  include_context 'with a signed-in CRM'

  let!(:leads) do
    create_records!('Leads', [
                      { 'Last_Name' => 'Adams', 'Company' => 'Acme', 'Lead_Source' => 'Web', 'No_of_Employees' => 5 },
                      { 'Last_Name' => "O'Brien", 'Company' => 'Globex', 'Lead_Source' => 'Web', 'No_of_Employees' => 50 },
                      { 'Last_Name' => 'Baker', 'Company' => 'Initech', 'Lead_Source' => 'Advertisement',
                        'No_of_Employees' => 500 },
                      { 'Last_Name' => 'Chen', 'Company' => 'Acme Labs', 'Lead_Source' => 'Web', 'No_of_Employees' => 7 },
                      { 'Last_Name' => 'Diaz', 'Company' => 'Hooli', 'Lead_Source' => 'Web', 'No_of_Employees' => 12 },
                      { 'Last_Name' => 'Evans', 'Company' => 'Umbrella', 'Lead_Source' => 'Web', 'No_of_Employees' => 9 },
                      { 'Last_Name' => 'Fox', 'Company' => 'Vandelay', 'Lead_Source' => 'Web', 'No_of_Employees' => 1 }
                    ])
  end
  let(:names) { ->(records) { records.map { |r| r.field_data['Last_Name'] } } }

  # The select_query of every COQL request so far, oldest first.
  def coql_queries
    requests_for(:post, '/coql').map { |r| r.json['select_query'] }
  end

  it 'returns an Enumerator of ZCRMRecords of the FROM module, holding the selected fields, sending nothing until used' do
    records = ZCRMSDK.query('select Last_Name, Company from Leads where Lead_Source = ? order by Last_Name', 'Web')
    expect(records).to be_a(Enumerator)
    expect(coql_queries).to be_empty

    found = records.to_a
    expect(found).to all(be_a(ZCRMSDK::Operations::ZCRMRecord))
    expect(found.map(&:module_api_name).uniq).to eq(['Leads'])
    expect(names.call(found)).to eq(["Adams", 'Chen', 'Diaz', 'Evans', 'Fox', "O'Brien"])
    expect(found.first.field_data).to include('Last_Name' => 'Adams', 'Company' => 'Acme')
    expect(found.first.field_data).not_to have_key('Lead_Source')
    expect(found.map(&:entity_id)).to all(match(/\A\d+\z/))
    expect(coql_queries).to eq(["select Last_Name, Company from Leads where Lead_Source = 'Web' order by Last_Name " \
                                'limit 200 offset 0'])
  end

  it 'pages with LIMIT/OFFSET until Zoho reports no more records' do
    found = ZCRMSDK.query('select Last_Name from Leads where Last_Name is not null order by Last_Name', per_page: 3).to_a

    expect(names.call(found)).to eq(%w[Adams Baker Chen Diaz Evans Fox] + ["O'Brien"])
    expect(coql_queries).to eq(['limit 3 offset 0', 'limit 3 offset 3', 'limit 3 offset 6'].map do |tail|
      "select Last_Name from Leads where Last_Name is not null order by Last_Name #{tail}"
    end)
  end

  it 'fetches only the pages consumed (prefetch: false: one request per page used)' do
    first = ZCRMSDK.query('select Last_Name from Leads where Last_Name is not null', per_page: 2, prefetch: false).first(3)

    expect(first.size).to eq(3)
    expect(coql_queries.size).to eq(2)
  end

  it "respects the query's own LIMIT and OFFSET across pages" do
    found = ZCRMSDK.query('select Last_Name from Leads where Last_Name is not null order by Last_Name limit 4 offset 1',
                          per_page: 3).to_a

    expect(names.call(found)).to eq(%w[Baker Chen Diaz Evans])
    expect(coql_queries.map { |q| q[/limit.*/] }).to eq(['limit 3 offset 1', 'limit 1 offset 4'])
  end

  it 'yields each record to a block' do
    seen = []
    ZCRMSDK.query('select Last_Name from Leads where No_of_Employees >= ?', 50) { |r| seen << r.field_data['Last_Name'] }
    expect(seen).to contain_exactly("O'Brien", 'Baker')
  end

  describe 'binding values to ?' do
    it 'quotes strings, doubling single quotes, so a value never becomes query syntax' do
      found = ZCRMSDK.query('select Last_Name from Leads where Last_Name = ?', "O'Brien").to_a
      expect(names.call(found)).to eq(["O'Brien"])
      expect(coql_queries.first).to start_with("select Last_Name from Leads where Last_Name = 'O''Brien' ")

      injected = ZCRMSDK.query('select Last_Name from Leads where Last_Name = ?', "x' or Last_Name is not null or '")
      expect(injected.to_a).to be_empty
    end

    it 'writes numbers bare, arrays as (a, b) for in, times with their offset, and ignores ? inside quotes' do
      found = ZCRMSDK.query(
        "select Last_Name from Leads where ((Company in ? and No_of_Employees between ? and ?) and Created_Time > ?) " \
        "and Last_Name != '?'",
        %w[Acme Globex Initech], 5, 100, Time.new(2000, 1, 1, 12, 0, 0, '+05:30')
      ).to_a

      expect(names.call(found)).to contain_exactly('Adams', "O'Brien")
      expect(coql_queries.first).to include("Company in ('Acme', 'Globex', 'Initech') and No_of_Employees between 5 and 100")
      expect(coql_queries.first).to include("Created_Time > '2000-01-01T12:00:00+05:30'")
    end

    it 'raises ArgumentError for a wrong number of values or a value it cannot write, before sending' do
      expect { ZCRMSDK.query('select Last_Name from Leads where Last_Name = ?') }
        .to raise_error(ArgumentError, /1 placeholder \(\?\) but 0 values were given/)
      expect { ZCRMSDK.query('select Last_Name from Leads where Last_Name = ?', 'a', 'b') }
        .to raise_error(ArgumentError, /1 placeholder \(\?\) but 2 values were given/)
      expect { ZCRMSDK.query('select Last_Name from Leads where Last_Name = ?', nil) }
        .to raise_error(ArgumentError, /is nil: write `is null`/)
      expect { ZCRMSDK.query('select Last_Name from Leads where Last_Name = ?', { a: 1 }) }
        .to raise_error(ArgumentError, /is a Hash; bind a String/)
      expect { ZCRMSDK.query('select Last_Name from Leads where Last_Name in ?', []) }
        .to raise_error(ArgumentError, /empty Array/)
      expect(coql_queries).to be_empty
    end
  end

  describe "Zoho's documented limits" do
    def limit_error(&block)
      error = error_from(&block)
      expect(error).to be_a(ZCRMSDK::ValidationError)
      expect(error.exception_code).to eq('LIMIT_EXCEEDED')
      error
    end

    it 'refuses before sending: more than 50 fields, 25 criteria, 50 in values, or rows past 10,000' do
      fields = (1..51).map { |i| "Field_#{i}" }.join(', ')
      expect(limit_error { ZCRMSDK.query("select #{fields} from Leads where id is not null") }.error_message)
        .to match(/at most 50 fields; this query selects 51/)

      criteria = (1..26).map { |i| "No_of_Employees != #{i}" }.reduce { |a, b| "(#{a}) and #{b}" }
      expect(limit_error { ZCRMSDK.query("select id from Leads where #{criteria}") }.error_message)
        .to match(/at most 25 criteria in WHERE; this query has 26/)

      expect(limit_error { ZCRMSDK.query('select id from Leads where Company in ?', (1..51).map(&:to_s)) }.error_message)
        .to match(/at most 50 values in an in\/not in list/)

      expect(limit_error { ZCRMSDK.query('select id from Leads where id is not null limit 100 offset 9950') }.error_message)
        .to match(/at most 10000 rows of a query \(OFFSET \+ LIMIT\); this query asks for rows up to 10050/)

      expect(coql_queries).to be_empty
    end

    it 'pages up to row 10,000 and then stops with LIMIT_EXCEEDED naming the limit, not a 400 from Zoho' do
      emulator.send(:admin, :post, 'seed', { 'module' => 'Leads', 'count' => 10_000 })
      records = ZCRMSDK.query('select Last_Name from Leads where id is not null offset 9990', prefetch: false)

      seen = 0
      error = error_from { records.each { seen += 1 } }
      expect(seen).to eq(10)
      expect(error).to be_a(ZCRMSDK::ValidationError)
      expect(error).to have_attributes(exception_code: 'LIMIT_EXCEEDED', status_code: 400)
      expect(error.error_message).to match(/at most 10000 rows.*more records match after row 10000/)
      expect(coql_queries).to eq(['select Last_Name from Leads where id is not null limit 10 offset 9990'])
    end

    it 'refuses a per_page above the 200 rows Zoho returns per request' do
      expect { ZCRMSDK.query('select id from Leads where id is not null', per_page: 201) }
        .to raise_error(ArgumentError, /per_page must be an Integer from 1 to 200/)
    end
  end

  describe "the emulator's answers" do
    it "adds `where id is not null` to a query without WHERE (v2 requires one) and keeps its ORDER BY" do
      found = ZCRMSDK.query('select Last_Name from Leads order by No_of_Employees desc limit 2').to_a
      expect(names.call(found)).to eq(%w[Baker O'Brien])
      expect(coql_queries).to eq(['select Last_Name from Leads where id is not null order by No_of_Employees desc ' \
                                  'limit 2 offset 0'])
    end

    it 'raises InvalidRequestError SYNTAX_ERROR for three criteria without brackets' do
      query = ZCRMSDK.query("select id from Leads where Company = 'Acme' and Lead_Source = 'Web' and Last_Name = 'Adams'")
      error = error_from { query.to_a }
      expect(error).to be_a(ZCRMSDK::InvalidRequestError)
      expect(error).to have_attributes(status_code: 400, exception_code: 'SYNTAX_ERROR')
    end

    it 'raises INVALID_QUERY for an unknown column or an operator the field type does not take' do
      unknown = error_from { ZCRMSDK.query('select Nope from Leads where id is not null').to_a }
      expect(unknown).to have_attributes(status_code: 400, exception_code: 'INVALID_QUERY')

      like_number = error_from { ZCRMSDK.query("select id from Leads where No_of_Employees like '5%'").to_a }
      expect(like_number).to have_attributes(status_code: 400, exception_code: 'INVALID_QUERY')
    end

    it 'supports like with %, not in, is null and lookups shown by id' do
      like = ZCRMSDK.query("select Last_Name, Owner from Leads where Company like 'acme%'").to_a
      expect(names.call(like)).to contain_exactly('Adams', 'Chen')
      expect(like.first.owner).to be_a(ZCRMSDK::Operations::ZCRMUser)
      expect(like.first.owner.id.to_s).to match(/\A\d+\z/)

      not_in = ZCRMSDK.query('select Last_Name from Leads where Lead_Source not in ?', %w[Web]).to_a
      expect(names.call(not_in)).to eq(%w[Baker])

      none = ZCRMSDK.query('select Last_Name from Leads where Email is not null').to_a
      expect(none).to be_empty
    end
  end
end
