# frozen_string_literal: true

module ZCRMSDK
  # In a test environment (RAILS_ENV or RACK_ENV `test`, Rails.env.test?, or
  # `zcrmsdk/rspec` loaded) the gem refuses to send anything to Zoho's own hosts: a spec that
  # gets there is using real tokens by accident (a development token store, tokens stored
  # with Zoho's `api_domain`) and could spend a real org's API credits or change its data.
  # The refusal is a ConfigurationError raised before anything is sent. Allowed with
  # `ZCRMSDK::Testing.allow_real_zoho!` or ENV `ZCRMSDK_ALLOW_REAL_ZOHO=1`.
  #
  # @api private
  module RealZohoGuard
    ALLOW_ENV = 'ZCRMSDK_ALLOW_REAL_ZOHO'

    @test_suite = false
    @allowed = false

    class << self
      # `zcrmsdk/rspec` says so: a test suite, whatever the environment variables say.
      def test_suite!
        @test_suite = true
        apply
      end

      def allow!
        @allowed = true
        apply
      end

      def refuse!
        @allowed = false
        apply
      end

      def refusing?
        Native.refusing_real_zoho?
      end

      # Sets the native switch from the environment; run whenever an engine is configured,
      # so an environment chosen after `require` (Rails sets it early, a script may not) counts.
      def apply
        Native.refuse_real_zoho = test_environment? && !allowed?
      end

      private

      def test_environment?
        @test_suite || [ENV.fetch('RAILS_ENV', nil), ENV.fetch('RACK_ENV', nil)].include?('test') || rails_test?
      end

      def rails_test?
        defined?(::Rails) && ::Rails.respond_to?(:env) && ::Rails.env.to_s == 'test'
      end

      def allowed?
        @allowed || ENV[ALLOW_ENV] == '1'
      end
    end
  end
end
