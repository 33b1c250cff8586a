# frozen_string_literal: true

require 'bigdecimal'

# How bulk_write turns rows into CSV cells, as Zoho's import reads them (Kaizen #13:
# https://help.zoho.com/portal/en/community/topic/kaizen-13-bulk-write-api): dates as
# yyyy-MM-dd, times as ISO 8601 with their offset, multi-select values joined with ';'.
RSpec.describe ZCRMSDK::BulkWrite::Rows do
  it 'takes the columns from the first row and fits every row to them' do
    rows = described_class.new(nil)

    expect(rows.cells({ Last_Name: 'Lovelace', 'Email' => 'ada@example.com' }, 0)).to eq(['Lovelace', 'ada@example.com'])
    expect(rows.columns).to eq(%w[Last_Name Email])
    expect(rows.cells({ 'Email' => 'grace@example.com' }, 1)).to eq([nil, 'grace@example.com'])
    expect { rows.cells({ 'Phone' => '1' }, 2) }
      .to raise_error(ArgumentError, "row 2 has 'Phone', which is not one of the columns (Last_Name, Email): " \
                                     'pass fields: with every column the rows use')
  end

  it 'follows fields: when given, and reads records with their id' do
    rows = described_class.new(%i[id Last_Name Company])
    record = ZCRMSDK::Operations::ZCRMRecord.get_instance('Leads', '42')
    record.field_data['Last_Name'] = 'Lovelace'

    expect(rows.cells(record, 0)).to eq(['42', 'Lovelace', nil])
  end

  it 'writes values as Zoho imports them' do
    cells = described_class.new(nil).cells(
      { 'When' => Time.new(2026, 1, 2, 3, 4, 5, '+05:30'), 'Day' => Date.new(2026, 1, 2), 'Tags' => %w[Analytics Bigdata],
        'Owner' => { 'id' => '77', 'name' => 'Ann' }, 'Active' => false, 'Amount' => BigDecimal('12345678901234.56'),
        'Count' => 7, 'Score' => 1.5, 'Empty' => nil }, 0
    )

    expect(cells).to eq(['2026-01-02T03:04:05+05:30', '2026-01-02', 'Analytics;Bigdata', '77', 'false',
                         '12345678901234.56', '7', '1.5', nil])
  end

  it 'refuses what no cell can hold, naming the row and the field' do
    rows = described_class.new(%w[Score X])

    expect { rows.cells({ 'Score' => Float::NAN }, 3) }
      .to raise_error(ArgumentError, 'row 3, Score: NaN is not a number Zoho can store')
    expect { rows.cells({ 'X' => Object.new }, 4) }
      .to raise_error(ArgumentError, /row 4, X: a Object cannot go into a CSV cell/)
    expect { rows.cells('Lovelace', 5) }.to raise_error(ArgumentError, /row 5 is a String/)
  end
end
