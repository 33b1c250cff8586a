# frozen_string_literal: true

module ZCRMSDK
  module Response
    # The answer about one entity (or a call without a list): status/code/message/details
    # come from `json[api_key][0]`, or from the top level (photo upload/delete).
    class APIResponse < CommonAPIResponse
      # 1.0.x's constructor, the same as `new`.
      # @param response [ZCRMSDK::Internal::RawResponse, #body] the answer (1.0.x: a Net::HTTPResponse)
      # @param status_code [Integer] the HTTP status
      # @param url [String] the request URL
      # @param api_key [String, nil] the JSON envelope's key ('data', 'users'...)
      # @return [ZCRMSDK::Response::APIResponse]
      def self.get_instance(response, status_code, url, api_key = nil)
        new(response, status_code, url, api_key)
      end

      # Part of building the response (1.0.x's structure).
      # @api private
      def handle_faulty_responses
        raise_faulty_response
      end

      # Part of building the response (1.0.x's structure).
      # @api private
      def process_response_data
        return if record_page # a record read lazily holds no status (RawResponse#read_records_lazily)

        entry = envelope_entry
        return unless entry.is_a?(Hash)

        # The core raises for an error entry before we get here; this covers hand-built
        # responses so that an error is never mistaken for a result.
        if entry['status'] == 'error'
          raise Utility::ZCRMException.get_instance(@url, @status_code, entry['message'], entry['code'],
                                                    entry['details'], entry['status'])
        end
        copy_summary(entry) if entry['status'] == 'success'
      end

      private

      def envelope_entry
        json = response_json || {}
        return json unless api_key && json.key?(api_key)

        value = json[api_key]
        value.is_a?(Array) ? value.first : value
      end

      def copy_summary(entry)
        @status = entry['status']
        @code = entry['code']
        @message = entry['message']
        @details = entry['details']
      end
    end
  end
end
