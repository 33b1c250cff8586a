# frozen_string_literal: true

require 'set'
require 'bigdecimal'

# What a record's field value becomes on the wire. Values JSON cannot carry faithfully are
# refused before anything is sent, naming the problem, instead of going out as `inspect` text
# or a rounded float.
RSpec.describe 'Field values sent to Zoho' do
  def wire(value)
    ZCRMSDK::Mapping.json_value(value)
  end

  it 'sends text, numbers, flags, nil, times and dates the way Zoho reads them' do
    expect(wire('x')).to eq('x')
    expect(wire(42)).to eq(42)
    expect(wire(2**63 - 1)).to eq(2**63 - 1)
    expect(wire(1.5)).to eq(1.5)
    expect(wire(BigDecimal('12.25'))).to eq(12.25)
    expect(wire(nil)).to be_nil
    expect(wire(Time.new(2026, 12, 3, 10, 0, 0, '+05:30'))).to eq('2026-12-03T10:00:00+05:30')
    expect(wire(Date.new(2026, 12, 3))).to eq('2026-12-03')
    expect(wire([:a, { b: 1 }])).to eq(['a', { 'b' => 1 }])
  end

  it 'refuses integers Zoho cannot store exactly, instead of rounding them into floats' do
    error = begin
      wire(2**100)
    rescue ZCRMSDK::ValidationError => e
      e
    end
    expect(error.exception_code).to eq('INVALID FIELD VALUE')
    expect(error.message).to include((2**100).to_s, 'send it as a String')
  end

  it 'refuses NaN and Infinity' do
    [Float::NAN, Float::INFINITY, BigDecimal('Infinity')].each do |value|
      expect { wire(value) }.to raise_error(ZCRMSDK::ValidationError, /not a number JSON can carry/)
    end
  end

  it 'refuses objects that would go out as their inspect text, naming their class' do
    [Object.new, -> {}, Set[1, 2]].each do |value|
      expect { wire(value) }.to raise_error(ZCRMSDK::ValidationError, /a #{value.class} cannot be sent to Zoho/)
    end
    expect { wire([Object.new]) }.to raise_error(ZCRMSDK::ValidationError)
  end
end
