# frozen_string_literal: true

RSpec.describe ZCRMSDK::Sync::Checkpoint do
  let(:t0) { Time.iso8601('2026-12-03T21:31:43+05:30') }
  let(:start) { described_class.new('Leads') }

  it 'starts from the beginning: nothing is behind it' do
    expect(start.modified?('1', t0)).to be(false)
    expect(start.deleted?('1', t0)).to be(false)
    expect(start.to_h).to eq('version' => 1, 'module' => 'Leads', 'modified_since' => nil, 'modified_ids' => [],
                             'deleted_since' => nil, 'deleted_ids' => [])
  end

  it 'remembers the ids handled at its second, and forgets them when time moves on' do
    tied = start.after_modified('1', t0).after_modified('2', t0)
    expect(tied.modified_since).to eq(t0)
    expect(tied.modified_ids).to eq(%w[1 2])
    expect([tied.modified?('1', t0), tied.modified?('3', t0), tied.modified?('9', t0 - 1)]).to eq([true, false, true])

    later = tied.after_modified('3', t0 + 1)
    expect([later.modified_since, later.modified_ids]).to eq([t0 + 1, ['3']])
    expect(later.deleted_since).to be_nil
    expect(tied.modified_ids).to eq(%w[1 2]) # values do not change
  end

  it 'keeps deletions apart from records' do
    checkpoint = start.after_modified('1', t0).after_deleted('1', t0 + 5)
    expect(checkpoint.modified?('1', t0)).to be(true)
    expect(checkpoint.deleted?('1', t0 + 5)).to be(true)
    expect(checkpoint.deleted?('1', t0 + 6)).to be(false)
  end

  it 'round-trips through to_json/parse and to_h/from_h, keeping Zoho\'s offset' do
    checkpoint = start.after_modified('7', t0).after_deleted('8', t0 + 60)
    json = checkpoint.to_json
    expect(JSON.parse(json)['modified_since']).to eq('2026-12-03T21:31:43+05:30')
    expect(described_class.parse(json)).to eq(checkpoint)
    expect(described_class.from_h(checkpoint.to_h.transform_keys(&:to_sym))).to eq(checkpoint)
    expect(described_class.parse(json).hash).to eq(checkpoint.hash)
  end

  it 'refuses what it cannot read' do
    expect { described_class.from_h('version' => 2, 'module' => 'Leads') }.to raise_error(ArgumentError, /version 2/)
    expect { described_class.new('Leads', modified_since: 'yesterday') }.to raise_error(ArgumentError, /ISO-8601/)
    expect { described_class.from_h('modified_ids' => []) }.to raise_error(KeyError)
  end
end
