# frozen_string_literal: true

require 'stringio'
require 'zcrmsdk/cli'

RSpec.describe ZCRMSDK::CLI::Progress do
  let(:io) { StringIO.new }
  let(:now) { [100.0] }
  let(:clock) { -> { now.first } }

  def progress(**options)
    described_class.new(io, label: 'Leads', clock: clock, **options)
  end

  def advance(bar, count, seconds)
    now[0] += seconds
    bar.advance(count)
  end

  context 'on a terminal' do
    it 'redraws one line in place with the count and rate, and ends it with the outcome' do
      bar = progress(tty: true)
      advance(bar, 200, 2.0)
      advance(bar, 1, 0.01) # too soon to redraw
      bar.finish

      expect(io.string).to eq("\rLeads: 200 records  100/s\e[K\rLeads: 201 records done in 2.0 s (100/s)\e[K\n")
    end

    it 'shows a bar and the ETA when the total is known' do
      bar = progress(tty: true, total: 1000)
      advance(bar, 250, 5.0)
      expect(io.string).to eq("\r[######..................]  Leads: 250/1000 records  50/s  ETA 0:15\e[K")
    end
  end

  context 'in a log (not a terminal)' do
    it 'prints a plain line every few seconds, and a last one' do
      bar = progress(tty: false, total: 5000)
      advance(bar, 200, 1.0) # within LINE_INTERVAL: nothing yet
      advance(bar, 800, described_class::LINE_INTERVAL)
      bar.finish('written, interrupted')

      expect(io.string.lines).to eq(["Leads: 1000/5000 records  167/s  ETA 0:24\n",
                                     "Leads: 1000 records written, interrupted in 6.0 s (167/s)\n"])
    end
  end
end
