# frozen_string_literal: true

# Shared set-up for the unit specs of the Ruby surface (entities, responses, mapping). It is
# required by each spec and also loaded by rspec itself, so everything here is idempotent.
# No examples live here.

return if defined?(ZCRMUnit::Helpers)

require 'json'

lib = File.expand_path('../../../lib/zcrmsdk', __dir__)
begin
  require File.join(lib, 'errors') if File.exist?(File.join(lib, 'errors.rb'))
rescue LoadError, StandardError
  # errors.rb may depend on the native extension; the stand-in below is enough here.
  nil
end

module ZCRMSDK
  module Utility
    # Stand-in with 1.0.x's constructor, used only until lib/zcrmsdk/errors.rb exists.
    unless defined?(ZCRMSDK::Utility::ZCRMException)
      class ZCRMException < StandardError
        attr_accessor :url, :status_code, :error_message, :exception_code, :error_details, :error_content

        def self.get_instance(url, status_code, err_message, exception_code = 'error', details = nil, content = nil)
          new(url, status_code, err_message, exception_code, details, content)
        end

        def initialize(url, status_code, err_message, exception_code = 'error', details = nil, content = nil)
          @url = url
          @status_code = status_code
          @error_message = err_message
          @exception_code = exception_code
          @error_details = details
          @error_content = content
          super("#{exception_code}: #{err_message}")
        end
      end
    end
  end

  # The real module comes with the native extension; specs stub `call`.
  unless defined?(ZCRMSDK::Internal) && ZCRMSDK::Internal.respond_to?(:call)
    module Internal
      def self.call(operation, _args = {})
        raise NotImplementedError, "ZCRMSDK::Internal.call(#{operation.inspect}) is not stubbed"
      end
    end
  end
end

require File.join(lib, 'operations')

# Helpers for specs: a RawResponse look-alike and a recorder for ZCRMSDK::Internal.call.
module ZCRMUnit
  RawResponse = Struct.new(:status, :headers, :body, :json, :url, :api_key, :operation, keyword_init: true)

  module Helpers
    def raw(json = {}, status: 200, api_key: 'data', headers: {}, body: nil, operation: 'test.op',
            url: 'https://www.zohoapis.com/crm/v2/test')
      ZCRMUnit::RawResponse.new(status: status, headers: headers, body: body || JSON.generate(json), json: json,
                                url: url, api_key: api_key, operation: operation)
    end

    # Stubs ZCRMSDK::Internal.call: `answers` maps an operation to its RawResponse (or to a
    # block that builds one from the args). Every call is recorded in #calls.
    def stub_api(answers = {})
      @calls = []
      allow(ZCRMSDK::Internal).to receive(:call) do |operation, args = {}|
        @calls << [operation, args]
        answer = answers.fetch(operation) { raw({}, operation: operation) }
        answer.respond_to?(:call) ? answer.call(args) : answer
      end
    end

    def calls
      @calls || []
    end

    def last_call
      calls.last
    end

    def zcrm_error
      ZCRMSDK::Utility::ZCRMException
    end

    def success_entry(details = {}, message: 'record added')
      { 'code' => 'SUCCESS', 'details' => details, 'message' => message, 'status' => 'success' }
    end

    def error_entry(code = 'INVALID_DATA', message: 'invalid data', details: {})
      { 'code' => code, 'details' => details, 'message' => message, 'status' => 'error' }
    end
  end
end

RSpec.configure { |config| config.include ZCRMUnit::Helpers }

# Matches a ZCRMException with the given 1.0.x exception_code (and status 400 by default).
RSpec::Matchers.define :zcrm_exception_with_code do |code, status = 400|
  match do |error|
    error.is_a?(ZCRMSDK::Utility::ZCRMException) && error.exception_code == code && error.status_code == status
  end
end
