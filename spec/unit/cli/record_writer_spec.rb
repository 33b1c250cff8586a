# frozen_string_literal: true

require 'stringio'
require 'zcrmsdk/cli'

RSpec.describe ZCRMSDK::CLI::RecordWriter do
  let(:io) { StringIO.new }

  def record(id, fields)
    ZCRMSDK::Operations::ZCRMRecord.new('Leads', id).tap { |r| fields.each { |key, value| r[key] = value } }
  end

  let(:records) do
    [record('1', 'Last_Name' => 'Smith, Jr.', 'Description' => "two\nlines", 'Tags' => %w[a b]),
     record('2', 'Last_Name' => 'say "hi"', 'Email' => 'x@example.com')]
  end

  it 'writes JSON Lines, with only id and the fields asked for when given' do
    writer = described_class.for('jsonl', io, %w[Last_Name Email])
    records.each { |r| writer.write(r) }
    writer.close

    expect(io.string.lines.map { |line| JSON.parse(line) })
      .to eq([{ 'id' => '1', 'Last_Name' => 'Smith, Jr.', 'Email' => nil }, { 'id' => '2', 'Last_Name' => 'say "hi"', 'Email' => 'x@example.com' }])
    expect(writer.count).to eq(2)
  end

  it 'writes RFC 4180 CSV, its header from the first record without --fields, nested values as JSON' do
    writer = described_class.for('csv', io, nil)
    records.each { |r| writer.write(r) }

    expect(io.string).to eq("id,Last_Name,Description,Tags\r\n" \
                            "1,\"Smith, Jr.\",\"two\nlines\",\"[\"\"a\"\",\"\"b\"\"]\"\r\n" \
                            "2,\"say \"\"hi\"\"\",,\r\n")
  end

  it 'flushes every page of records, so a file grows as the export goes' do
    flushes = 0
    allow(io).to receive(:flush) { flushes += 1 }
    writer = described_class.for('jsonl', io, nil)
    (described_class::FLUSH_EVERY * 2 + 1).times { writer.write(records.first) }
    expect(flushes).to eq(2)
  end
end
