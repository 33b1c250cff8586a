# frozen_string_literal: true

require 'bigdecimal'

# How ZCRMSDK.query writes bound values and reads a query's LIMIT/OFFSET (no emulator needed;
# spec/integration/crm/coql_spec.rb runs queries end to end).
RSpec.describe ZCRMSDK::COQL do
  describe ZCRMSDK::COQL::Binding do
    def bind(text, *values)
      described_class.bind(text, values)
    end

    it 'writes each Ruby value as the COQL literal Zoho compares with' do
      {
        "O'Brien" => "'O''Brien'",
        :Web => "'Web'",
        42 => '42',
        -1.5 => '-1.5',
        1e20 => '100000000000000000000',
        BigDecimal('12.50') => '12.5',
        true => 'true',
        false => 'false',
        Date.new(2024, 2, 29) => "'2024-02-29'",
        Time.utc(2024, 5, 1, 10, 0, 0) => "'2024-05-01T10:00:00+00:00'",
        Time.new(2024, 5, 1, 10, 0, 0.75, '+05:30') => "'2024-05-01T10:00:00+05:30'",
        DateTime.new(2024, 5, 1, 10, 0, 0, '-04:00') => "'2024-05-01T10:00:00-04:00'",
        ['a', 1, "b'c"] => "('a', 1, 'b''c')"
      }.each do |value, literal|
        expect(bind('where x = ?', value)).to eq("where x = #{literal}"), "for #{value.inspect}"
      end
    end

    it 'leaves ? inside quoted strings alone and fills the others in order' do
      expect(bind("where (a = '?' and b = ?) or c = \"?\" and d in ?", 'x', [1, 2]))
        .to eq("where (a = '?' and b = 'x') or c = \"?\" and d in (1, 2)")
    end

    it 'refuses values COQL cannot hold, naming which one' do
      expect { bind('where a = ? and b = ?', 1, Float::NAN) }.to raise_error(ArgumentError, /value 2 is NaN/)
      expect { bind('where a in ?', [[1]]) }.to raise_error(ArgumentError, /Array of Arrays/)
      expect { bind('where a = ?', Object.new) }.to raise_error(ArgumentError, /value 1 is a Object/)
      expect { bind("where a = 'open") }.to raise_error(ArgumentError, /unterminated quoted string at character 11/)
    end
  end

  describe ZCRMSDK::COQL::Statement do
    def statement(text)
      described_class.new(text)
    end

    it "reads the module, the fields, the criteria count and the query's own LIMIT/OFFSET" do
      s = statement("SELECT Last_Name, 'External', Owner.name FROM Leads " \
                    "WHERE ((a = 1 and b between 2 and 3) or c not in (1, 2)) and d is not null ORDER BY x LIMIT 10 OFFSET 5")
      expect(s).to have_attributes(module_name: 'Leads', criteria: 4, limit: 10, offset: 5)
      expect(s.fields.size).to eq(3)
      expect(s.page(20, 7)).to eq("SELECT Last_Name, 'External', Owner.name FROM Leads WHERE ((a = 1 and b between 2 " \
                                  'and 3) or c not in (1, 2)) and d is not null ORDER BY x limit 7 offset 20')
    end

    it 'understands limit M, N and offset alone' do
      expect(statement('select id from Leads where id is not null limit 30, 10'))
        .to have_attributes(limit: 10, offset: 30)
      expect(statement('select id from Leads where id is not null offset 30'))
        .to have_attributes(limit: nil, offset: 30)
    end

    it 'adds `where id is not null` right after the module when the query has no WHERE' do
      expect(statement('select id from Leads order by id desc limit 5').page(0, 5))
        .to eq('select id from Leads where id is not null order by id desc limit 5 offset 0')
    end

    it 'explains a query it cannot page' do
      expect { statement('delete from Leads') }.to raise_error(ArgumentError, /starts with `select`/)
      expect { statement('select id') }.to raise_error(ArgumentError, /needs `from <Module>`/)
      expect { statement('select id from Leads where id is not null limit ten') }
        .to raise_error(ArgumentError, /whole numbers \(got "ten"\)/)
      expect { statement('select id from Leads where id is not null limit 5 order by id') }
        .to raise_error(ArgumentError, /must be the last clause/)
    end
  end

  describe ZCRMSDK::COQL::Query do
    it 'asks for per_page rows a page, within the caller LIMIT and row 10,000' do
      statement = ZCRMSDK::COQL::Statement.new('select id from Leads where id is not null limit 450 offset 9500')
      query = described_class.new(statement, per_page: 200)
      expect((1..4).map { |n| query.page_query(n)&.delete_prefix('select id from Leads where id is not null ') })
        .to eq(['limit 200 offset 9500', 'limit 200 offset 9700', 'limit 50 offset 9900', nil])
    end

    it 'raises LIMIT_EXCEEDED for a page that would start at row 10,000' do
      statement = ZCRMSDK::COQL::Statement.new('select id from Leads where id is not null offset 9900')
      query = described_class.new(statement, per_page: 200)
      expect(query.page_query(1)).to end_with('limit 100 offset 9900')
      expect { query.page_query(2) }.to raise_error(ZCRMSDK::ValidationError, /at most 10000 rows/) { |e|
        expect(e.exception_code).to eq('LIMIT_EXCEEDED')
      }
    end
  end
end
