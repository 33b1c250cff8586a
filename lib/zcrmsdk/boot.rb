# frozen_string_literal: true

require 'json'
require 'logger'
require 'pathname'

require_relative 'version'
require_relative 'native'
require_relative 'secrets'
require_relative 'errors'
require_relative 'log'
require_relative 'configuration'
require_relative 'internal'
require_relative 'oauth_utility'
require_relative 'oauth_client'
require_relative 'persistence'
require_relative 'utility'
require_relative 'response'
require_relative 'operations'
require_relative 'org'
require_relative 'rest_client'
require_relative 'coql'
require_relative 'railtie' if defined?(Rails::Railtie)
