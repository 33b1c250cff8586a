# frozen_string_literal: true

require 'json'

module ZCRMSDK
  module Response
    # What every JSON answer has: the parsed body, the headers, the status and 1.0.x's
    # status/code/message/details summary. `response` is the ZCRMSDK::Internal::RawResponse
    # (1.0.x: the Net::HTTPResponse), `data` what the calling method mapped from the JSON.
    class CommonAPIResponse
      # The statuses 1.0.x turned into ZCRMException. The Rust core already raises for them
      # before a response object is built; the check stays for responses built by hand.
      FAULTY_STATUS_CODES = [204, 301, 302, 400, 401, 403, 404, 405, 413, 415, 429, 500].freeze
      # 1.0.x processed 200/201/202 only; 207 (partial success) carries the same body.
      PROCESSED_STATUS_CODES = [200, 201, 202, 207].freeze

      attr_accessor :response, :status_code, :api_key,
                    :url, :data, :status, :code, :message, :details
      attr_writer :response_json, :response_headers

      # 1.0.x's constructor, the same as `new`.
      # @param response [ZCRMSDK::Internal::RawResponse, #body] the answer (1.0.x: a Net::HTTPResponse)
      # @param status_code [Integer] the HTTP status
      # @param url [String] the request URL
      # @param api_key [String, nil] the JSON envelope's key ('data', 'users'...)
      # @return [ZCRMSDK::Response::CommonAPIResponse]
      def self.get_instance(response, status_code, url, api_key = nil)
        new(response, status_code, url, api_key)
      end

      # The usual way in: a RawResponse knows its own status, url and envelope key.
      def self.from_raw(raw_response)
        new(raw_response, raw_response.status, raw_response.url, raw_response.api_key)
      end

      # @param response [ZCRMSDK::Internal::RawResponse, #body] the answer (1.0.x: a Net::HTTPResponse)
      # @param status_code [Integer] the HTTP status
      # @param url [String] the request URL
      # @param api_key [String, nil] the JSON envelope's key ('data', 'users'...)
      def initialize(response, status_code, url, api_key = nil)
        @response = response
        @status_code = status_code
        @url = url
        @api_key = api_key
        @data = nil
        set_response_json
        process_response
      end

      # Part of building the response (1.0.x's structure).
      # @api private
      def set_response_json
        @response_json = json_of(@response) unless record_page
      end

      # The answer's headers, lower-case names to Arrays of values (read when first asked for).
      # @return [Hash{String => Array<String>}]
      def response_headers
        return @response_headers if defined?(@response_headers)

        @response_headers = @response.respond_to?(:headers) ? (@response.headers || {}) : {}
      end

      # The parsed body. For a record list read page-wise (see RawResponse#record_page) it is
      # parsed only when asked for, which a walk through the records never does.
      def response_json
        @response_json ||= json_of(@response)
      end

      # The answer's records as JSON text, when the caller chose to read them lazily.
      def record_page
        @response.record_page if @response.respond_to?(:record_page)
      end

      # Part of building the response (1.0.x's structure).
      # @api private
      def process_response
        if FAULTY_STATUS_CODES.include?(@status_code)
          handle_faulty_responses
        elsif PROCESSED_STATUS_CODES.include?(@status_code)
          process_response_data
        end
      end

      # Part of building the response (1.0.x's structure).
      # @api private
      def handle_faulty_responses
        nil
      end

      # Part of building the response (1.0.x's structure).
      # @api private
      def process_response_data
        nil
      end

      alias raw_response response
      alias headers response_headers

      def success?
        status == 'success'
      end

      # A summary for logs and error trackers (no bodies, no secrets).
      # @return [Hash{Symbol => Object}]
      def to_h
        { status_code: status_code, status: status, code: code, message: message,
          details: details, url: url }.compact
      end

      # @return [String] a one-line summary
      def inspect
        "#<#{self.class.name} #{status_code} #{status || '-'} code=#{code.inspect} " \
          "url=#{url.inspect} data=#{Inspection.summarize(data)}>"
      end

      private

      # Zoho's answers are JSON objects; anything else is treated as an empty answer so that
      # the readers below never have to guard against it.
      def json_of(response)
        json = if response.respond_to?(:json)
                 response.json
               else
                 body = response.respond_to?(:body) ? response.body.to_s : ''
                 body.empty? ? {} : JSON.parse(body)
               end
        json.is_a?(Hash) ? json : {}
      end

      # 1.0.x raised with the top-level code/message/details; 204 as 'No Content'.
      def raise_faulty_response
        if @status_code == 204
          raise Utility::ZCRMException.get_instance(@url, 204, 'No Content', 'No Content', nil, 'No Content')
        end

        json = response_json || {}
        raise Utility::ZCRMException.get_instance(@url, @status_code, json['message'], json['code'],
                                                  json['details'], json['message'])
      end
    end
  end
end
