# frozen_string_literal: true

require_relative 'boot'

require 'rails'
require 'active_record/railtie'
require 'action_controller/railtie'

Bundler.require(*Rails.groups)

module LeadsApp
  # An API-only app that lists Zoho CRM Leads (app/controllers/leads_controller.rb). The gem is
  # configured in config/initializers/zcrmsdk.rb; README.md says how to run it.
  class Application < Rails::Application
    config.load_defaults 6.1
    config.api_only = true
  end
end
