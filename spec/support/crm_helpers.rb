# frozen_string_literal: true

require 'json'

module ZCRMSDKSpec
  # What the CRM end-to-end specs share: a signed-in SDK against a fresh emulator, a way to
  # read what the emulator received, and builders for the entities user code makes.
  module CrmHelpers
    Operations = ZCRMSDK::Operations

    # One request the emulator received, with its JSON body parsed (nil for none/multipart).
    Received = Struct.new(:method, :path, :query, :body, :content_type, keyword_init: true) do
      def json
        return nil if body.nil? || !content_type.to_s.include?('json')

        JSON.parse(body)
      end

      def to_s
        "#{method} #{path}#{query.empty? ? '' : "?#{query.map { |k, v| "#{k}=#{v}" }.join('&')}"}"
      end
    end

    # The CRM requests (not the OAuth ones) the emulator received, oldest first.
    def crm_requests
      emulator.requests.filter_map do |entry|
        next unless entry['path'].start_with?('/crm/')

        Received.new(method: entry['method'], path: entry['path'].sub(%r{\A/crm/v[\d.]+}, ''),
                     query: entry['query'] || {}, body: entry['body'], content_type: entry['content_type'])
      end
    end

    def last_request
      crm_requests.last or raise 'the emulator received no CRM request'
    end

    # The only CRM request with that method and path (relative to /crm/{version}); fails if there
    # were several or none, so that an example states exactly what was sent.
    def request_for(method, path)
      matching = requests_for(method, path)
      raise "expected one #{method} #{path}, got #{crm_requests.map(&:to_s).inspect}" unless matching.size == 1

      matching.first
    end

    def requests_for(method, path)
      crm_requests.select { |r| r.method == method.to_s.upcase && r.path == path }
    end

    # Runs the block and returns the CRM requests it made.
    def requests_during
      before = crm_requests.size
      yield
      crm_requests.drop(before)
    end

    # `init` with the memory store, tokens for the emulator's user, and a clean request log.
    def sign_in
      init_sdk('persistence' => 'memory')
      generate_tokens
      emulator.clear_requests
    end

    def module_named(api_name)
      Operations::ZCRMModule.get_instance(api_name)
    end

    def new_record(module_api_name, fields = {}, id = nil)
      record = Operations::ZCRMRecord.get_instance(module_api_name, id)
      fields.each { |key, value| record.field_data[key.to_s] = value }
      record
    end

    def new_lead(last_name, **fields)
      new_record('Leads', { 'Last_Name' => last_name }.merge(fields.transform_keys(&:to_s)))
    end

    # Creates records through the API (the emulator has no back door) and returns them with
    # their ids; the request log is cleared afterwards so examples see only their own calls.
    def create_records!(module_api_name, rows)
      records = rows.map { |fields| new_record(module_api_name, fields) }
      records.each_slice(100) do |batch|
        response = module_named(module_api_name).create_records(batch)
        failures = response.bulk_entity_response.reject(&:success?)
        raise "could not create #{module_api_name}: #{failures.map(&:to_h)}" unless failures.empty?
      end
      emulator.clear_requests
      records
    end

    def create_leads!(count, prefix: 'Lead')
      rows = (1..count).map do |n|
        { 'Last_Name' => format('%s %03d', prefix, n), 'Email' => format('%s%03d@leads.example', prefix.downcase, n),
          'Company' => "Company #{n}" }
      end
      create_records!('Leads', rows)
    end

    def create_lead!(last_name = 'Ramirez', **fields)
      create_records!('Leads', [{ 'Last_Name' => last_name }.merge(fields.transform_keys(&:to_s))]).first
    end

    def current_user_id
      ZCRMSDK::RestClient::ZCRMRestClient.get_instance.get_current_user.data.first.id.tap { emulator.clear_requests }
    end

    # The exception a block raises (the example fails when it raises none).
    def error_from
      yield
    rescue ZCRMSDK::Utility::ZCRMException, ZCRMSDK::OAuthUtility::ZohoOAuthException => e
      e
    else
      raise RSpec::Expectations::ExpectationNotMetError, 'expected the block to raise, it returned normally'
    end
  end

  # A fresh emulator per example, the SDK signed in against it (memory store) and the CRM
  # helpers above.
  RSpec.shared_context 'with a signed-in CRM' do
    include_context 'with the zoho emulator'
    include CrmHelpers

    before { sign_in }
  end
end
