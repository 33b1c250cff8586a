# frozen_string_literal: true

module ZCRMSDK
  module Response
    # A downloaded file (attachment, photo). As in 1.0.x, after a 200 `response` is the file
    # content (a binary String) — user code writes `resp.response` to disk — and `filename`
    # comes from Content-Disposition. `raw_response` keeps the RawResponse.
    class FileAPIResponse
      attr_accessor :filename, :response_json, :response_headers, :response, :status_code, :url,
                    :data, :status, :code, :message, :details
      attr_reader :raw_response

      # 1.0.x's constructor, the same as `new`.
      # @param response [ZCRMSDK::Internal::RawResponse, #body] the answer (1.0.x: a Net::HTTPResponse)
      # @param status_code [Integer] the HTTP status
      # @param url [String] the request URL
      # @return [ZCRMSDK::Response::FileAPIResponse]
      def self.get_instance(response, status_code, url)
        new(response, status_code, url)
      end

      # @api private
      # @param raw_response [ZCRMSDK::Internal::RawResponse]
      # @return [ZCRMSDK::Response::FileAPIResponse]
      def self.from_raw(raw_response)
        new(raw_response, raw_response.status, raw_response.url)
      end

      # Extracts the file name from a Content-Disposition value. Handles the RFC 5987 form
      # (`filename*=UTF-8''na%20me.pdf`) and the plain one (`filename="name.pdf"`); 1.0.x
      # needed a `'` in the header and returned garbage without one.
      def self.filename_from(disposition)
        return nil if disposition.nil? || disposition.empty?

        if (match = disposition.match(/filename\*\s*=\s*([\w!#$%&+^`{}~.-]*)'[^']*'([^;]+)/i))
          decode_ext_value(match[2].strip, match[1])
        elsif (match = disposition.match(/filename\s*=\s*"((?:[^"\\]|\\.)*)"/i))
          match[1].gsub(/\\(.)/, '\1')
        elsif (match = disposition.match(/filename\s*=\s*([^;]+)/i))
          match[1].strip
        end
      end

      def self.decode_ext_value(value, charset)
        bytes = value.gsub(/%(\h\h)/) { Regexp.last_match(1).hex.chr }
        encoding = charset.to_s.empty? ? Encoding::UTF_8 : Encoding.find(charset)
        bytes.force_encoding(encoding).encode(Encoding::UTF_8)
      rescue ArgumentError, EncodingError
        bytes.force_encoding(Encoding::UTF_8)
      end
      private_class_method :decode_ext_value

      def initialize(response, status_code, url)
        @raw_response = response
        @response = response
        @status_code = status_code
        @url = url
        @content_set = false
        set_file_content
      end

      # 1.0.x callers invoked this after construction; it is done once, here.
      def set_file_content
        return if @content_set

        @content_set = true
        @response_headers = @raw_response.respond_to?(:headers) ? (@raw_response.headers || {}) : {}
        raise_faulty_response if CommonAPIResponse::FAULTY_STATUS_CODES.include?(@status_code)
        return unless @status_code == 200

        @status = 'success'
        @filename = self.class.filename_from(header('content-disposition'))
        @response = @raw_response.respond_to?(:body) ? @raw_response.body : @raw_response
      end

      # The file's bytes (nil unless HTTP 200; a download made with `to:` has them in the target).
      # @return [String, nil]
      def content
        @status_code == 200 ? @response : nil
      end
      # @!method body
      #   The same as {#content}.
      #   @return [String, nil]
      alias body content

      # @return [Hash{String => Array<String>}] the answer's headers
      def headers
        response_headers
      end

      # @return [String, nil] the Content-Type header
      def content_type
        header('content-type')
      end

      def success?
        status == 'success'
      end

      # A summary for logs and error trackers (no bodies, no secrets).
      # @return [Hash{Symbol => Object}]
      def to_h
        { status_code: status_code, status: status, filename: filename, content_type: content_type,
          size: content&.bytesize, url: url }.compact
      end

      # @return [String] a one-line summary
      def inspect
        "#<#{self.class.name} #{status_code} filename=#{filename.inspect} " \
          "bytes=#{content&.bytesize.inspect} url=#{url.inspect}>"
      end

      private

      # Case-insensitive, and without reading through a default proc (the RawResponse's
      # headers Hash creates missing keys on access).
      def header(name)
        headers = @response_headers || {}
        key = headers.keys.find { |candidate| candidate.to_s.casecmp?(name) }
        value = key.nil? ? nil : headers.fetch(key)
        value.is_a?(Array) ? value.first : value
      end

      def raise_faulty_response
        if @status_code == 204
          raise Utility::ZCRMException.get_instance(@url, 204, 'No Content', 'No Content', nil, 'No Content')
        end

        json = @raw_response.respond_to?(:json) ? (@raw_response.json || {}) : {}
        raise Utility::ZCRMException.get_instance(@url, @status_code, json['message'], json['code'],
                                                  json['details'], json['message'])
      end
    end
  end
end
