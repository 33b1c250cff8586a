# frozen_string_literal: true

require 'bigdecimal'
require 'date'
require 'time'

# An operation's arguments go to the engine as the Ruby Hash the caller built; the engine
# must read exactly what `JSON.generate` would have written (what the 1.0.x gem sent), and
# fail where it fails, with its error.
RSpec.describe 'Arguments handed to the engine' do
  def engine_reads(args)
    JSON.parse(ZCRMSDK::Native.arguments_json(args))
  end

  def generated(args)
    JSON.parse(JSON.generate(args))
  end

  hash_subclass = Class.new(Hash)
  custom = Class.new do
    def to_json(*) = '{"custom":true}'
  end
  described = Struct.new(:name)

  {
    'plain strings and ids' => { 'module' => 'Leads', 'record_id' => '4150868000001', 'fields' => %w[Last_Name Email] },
    'Symbols as keys and values' => { module: 'Leads', sort_order: :asc, data: [{ Lead_Status: :Contacted }] },
    'numbers' => { 'page' => 2, 'n' => -7, 'big' => 2**70, 'f' => 1.5, 'e' => 1e20, 'tiny' => 5e-324, 'z' => -0.0 },
    'true, false, nil' => { 'approved' => true, 'trigger' => false, 'owner' => nil },
    'nested data' => { 'data' => [{ 'Subform' => [{ 'a' => [1, [2, [3, { 'b' => nil }]]] }] }] },
    'unicode and escapes' => { 'Last_Name' => "O'Brien \"Jr\" \\ é ✓ 🎉 \u0001\n\t", 'ü' => 'key' },
    'binary strings that are ASCII' => { 'x' => 'abc'.b },
    'Times, Dates, BigDecimals' => { 't' => Time.utc(2026, 12, 4, 5, 6, 7), 'd' => Date.new(2026, 1, 2), 'm' => BigDecimal('12.50') },
    'other keys' => { 1 => 'one', nil => 'nil', 2.5 => 'x', :s => 'symbol' },
    'a Hash subclass' => { 'data' => hash_subclass[{ 'a' => 1 }] },
    'an object with its own to_json' => { 'data' => custom.new },
    'a Struct' => { 'data' => described.new('x') },
    'a Latin-1 string' => { 'name' => 'café'.encode('ISO-8859-1') },
    'an empty Hash' => {}
  }.each do |what, args|
    it "reads #{what} as JSON.generate writes them" do
      expect(engine_reads(args)).to eq(generated(args))
    end
  end

  it 'reads a JSON text as it is' do
    expect(engine_reads('{"module":"Leads","page":1}')).to eq('module' => 'Leads', 'page' => 1)
  end

  {
    'NaN' => { 'f' => Float::NAN },
    'Infinity' => { 'f' => Float::INFINITY },
    'a UTF-8 string with invalid bytes' => { 'name' => "caf\xE9" }
  }.each do |what, args|
    it "fails on #{what} as JSON.generate does" do
      expected = begin
        JSON.generate(args)
      rescue StandardError => e
        e
      end
      expect(expected).to be_a(StandardError)
      expect { ZCRMSDK::Native.arguments_json(args) }.to raise_error(expected.class, expected.message)
    end
  end
end
