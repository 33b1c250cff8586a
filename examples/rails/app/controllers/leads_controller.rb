# frozen_string_literal: true

# GET /leads: the first page of the org's Leads (PER_PAGE of them), as JSON.
class LeadsController < ApplicationController
  PER_PAGE = 50
  FIELDS = %w[First_Name Last_Name Company Email].freeze

  def index
    leads = ZCRMSDK::Operations::ZCRMModule.get_instance('Leads').get_records(nil, nil, nil, 1, PER_PAGE).data
    render json: leads.map { |lead| { id: lead.entity_id }.merge(FIELDS.to_h { |field| [field, lead[field]] }) }
  rescue ZCRMSDK::NoContentError # Zoho answers 204 for a module without records
    render json: []
  end
end
