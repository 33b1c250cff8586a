# frozen_string_literal: true

# The 1.0.x response classes, built from what ZCRMSDK::Internal.call returns
# (a ZCRMSDK::Internal::RawResponse) instead of a Net::HTTPResponse.
require_relative 'response/inspection'
require_relative 'response/response_info'
require_relative 'response/entity_response'
require_relative 'response/common_api_response'
require_relative 'response/api_response'
require_relative 'response/bulk_api_response'
require_relative 'response/file_api_response'
