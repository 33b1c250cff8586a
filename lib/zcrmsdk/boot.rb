# frozen_string_literal: true

require 'json'
require 'logger'
require 'pathname'

require_relative 'version'
require_relative 'native'
require_relative 'secrets'
require_relative 'errors'
require_relative 'real_zoho_guard'
require_relative 'log'
require_relative 'instrumentation'
require_relative 'configuration'
require_relative 'configuration/token_store'
require_relative 'configuration/env'
require_relative 'configuration/options'
require_relative 'internal'
require_relative 'oauth_utility'
require_relative 'oauth_client'
require_relative 'persistence'
require_relative 'utility'
require_relative 'response'
require_relative 'operations'
require_relative 'org'
require_relative 'rest_client'
require_relative 'client'
require_relative 'configure'
require_relative 'coql'
require_relative 'sync'
require_relative 'bulk_read'
require_relative 'bulk_write'
require_relative 'notifications'
require_relative 'railtie' if defined?(Rails::Railtie)

ZCRMSDK::RealZohoGuard.apply

module ZCRMSDK
  # Loaded when first used: the web OAuth flow (see web_oauth.rb).
  autoload :WebOAuth, File.expand_path('web_oauth', __dir__)
end
