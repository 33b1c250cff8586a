# frozen_string_literal: true

class ApplicationController < ActionController::API
  # Zoho refused or could not be reached (the gem has already retried what can be retried):
  # the client gets a 502 with Zoho's code, not a stack trace.
  rescue_from ZCRMSDK::ZCRMException, ZCRMSDK::ZohoOAuthException do |error|
    render json: { error: error.class.name, code: error.try(:code), message: error.message }, status: :bad_gateway
  end
end
