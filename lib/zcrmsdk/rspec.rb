# frozen_string_literal: true

require 'rspec/core'
require_relative 'testing'

module ZCRMSDK
  module Testing
    # What `require 'zcrmsdk/rspec'` gives a suite (in spec_helper.rb or rails_helper.rb):
    #
    # * `emulator`: one ZCRMSDK::Testing::Emulator for the whole suite, started when first
    #   used and stopped after the suite; `ZCRMSDK::Testing.emulator_options = { seed_records: 5 }`
    #   (before the first use) chooses its options.
    # * examples tagged `:zoho` start from a clean emulator (tokens, faults, request log and
    #   CRM data as at start: Emulator#reset) and a signed-in gem (ZCRMSDK::Testing.sign_in).
    # * the real-Zoho guard: nothing in the suite reaches Zoho's own hosts unless allowed
    #   (ZCRMSDK::Testing.allow_real_zoho! or ENV ZCRMSDK_ALLOW_REAL_ZOHO=1).
    module Suite
      # Included in every example group.
      module Helpers
        # The suite's emulator.
        # @return [ZCRMSDK::Testing::Emulator]
        def emulator
          ZCRMSDK::Testing::Suite.emulator
        end
      end

      @emulator = nil
      @lock = Mutex.new

      class << self
        # The suite's emulator, started on first use with Testing.emulator_options.
        # @return [ZCRMSDK::Testing::Emulator]
        def emulator
          @lock.synchronize { @emulator ||= Emulator.start(**Testing.emulator_options) }
        end

        # Stops the suite's emulator (after the suite); the next use starts a new one.
        # @return [void]
        def stop
          @lock.synchronize do
            @emulator&.stop
            @emulator = nil
          end
        end
      end
    end

    @emulator_options = {}

    class << self
      # The options of the suite's emulator (see Emulator#initialize); set before first use.
      attr_accessor :emulator_options
    end
  end
end

ZCRMSDK::RealZohoGuard.test_suite!

RSpec.configure do |config|
  config.include ZCRMSDK::Testing::Suite::Helpers

  config.before(:each, :zoho) do
    emulator.reset
    ZCRMSDK::Testing.sign_in(emulator)
  end

  config.after(:suite) { ZCRMSDK::Testing::Suite.stop }
end
