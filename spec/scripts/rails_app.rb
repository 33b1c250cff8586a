# frozen_string_literal: true

# A minimal Rails application (Debian's Rails 6.1) in a scratch folder, booted in its own
# process by spec/integration/rails_spec.rb, against an emulator the spec started.
#
#   ruby -I lib spec/scripts/rails_app.rb SETUP_JSON
#
# SETUP_JSON: root (the app's folder), credentials (written to config/credentials.yml.enc as
# `zoho:`), config (set as config.zcrmsdk), initializer (Ruby for config/initializers/zoho.rb),
# grant_token (exchanged after boot), latency_ms (injected on /crm/v2/users, with base_url
# and ca_file). Prints one JSON line: what the gem was configured with and what one request
# to GET /me logged.

require 'json'
require 'fileutils'
require 'logger'
require 'stringio'
require 'net/http'
require 'rails'
require 'action_controller/railtie'
require 'ZCRMSDK'

setup = JSON.parse(ARGV.fetch(0))
root = setup.fetch('root')
FileUtils.mkdir_p(%w[config/initializers db].map { |dir| File.join(root, dir) })

if setup['credentials']
  key = ActiveSupport::EncryptedConfiguration.generate_key
  File.write(File.join(root, 'config', 'master.key'), key)
  ActiveSupport::EncryptedConfiguration.new(
    config_path: File.join(root, 'config', 'credentials.yml.enc'), key_path: File.join(root, 'config', 'master.key'),
    env_key: 'RAILS_MASTER_KEY', raise_if_missing_key: true
  ).write({ 'zoho' => setup['credentials'] }.to_yaml)
end
File.write(File.join(root, 'config', 'initializers', 'zoho.rb'), setup['initializer']) if setup['initializer']

LOG = StringIO.new

class ZohoApp < Rails::Application
  config.eager_load = false
  config.secret_key_base = 'x' * 64
  config.hosts.clear
  config.logger = Logger.new(LOG).tap { |l| l.level = Logger::INFO }
end
ZohoApp.config.root = root
# Rails 6.1 derives these from the root it finds at class definition (this script's folder).
ZohoApp.config.credentials.content_path = File.join(root, 'config', 'credentials.yml.enc')
ZohoApp.config.credentials.key_path = File.join(root, 'config', 'master.key')
(setup['config'] || {}).each { |name, value| ZohoApp.config.zcrmsdk[name] = name == 'token_store' ? value.to_sym : value }
Rails.application.initialize!

class MeController < ActionController::Base
  def show
    render plain: ZCRMSDK::RestClient::ZCRMRestClient.get_instance.get_current_user.data.first.email
  end
end
Rails.application.routes.draw { get '/me' => 'me#show' }

result = { 'configured' => ZCRMSDK.configured? }
if ZCRMSDK.configured?
  settings = ZCRMSDK::Internal.engine.settings
  result.merge!('persistence' => settings['persistence'], 'sqlite_path' => ZCRMSDK::Internal.engine.configuration.pairs.to_h['sqlite_path'],
                'client_id' => ZCRMSDK::Utility::ZCRMConfigUtil.get_config_value('client_id'),
                'current_user_email' => ZCRMSDK.client.current_user_email)
end

if setup['grant_token']
  ZCRMSDK.client.generate_access_token(setup['grant_token'])
  if setup['latency_ms']
    # The emulator's admin endpoint, as ZCRMSDK::Testing::Emulator#inject_fault calls it.
    uri = URI("#{setup['base_url']}/_emulator/faults")
    body = JSON.generate(path_prefix: '/crm/v2/users', kind: 'latency', latency_ms: setup['latency_ms'], times: 1)
    Net::HTTP.start(uri.host, uri.port, use_ssl: true, ca_file: setup['ca_file']) do |http|
      http.post(uri.path, body, 'Content-Type' => 'application/json')
    end
  end
  durations = []
  ActiveSupport::Notifications.subscribe('request.zcrmsdk') { |*args| durations << ActiveSupport::Notifications::Event.new(*args).duration }
  response = Rack::MockRequest.new(Rails.application).get('/me')
  result.merge!('status' => response.status, 'body' => response.body, 'request_ms' => durations,
                'completed' => LOG.string.lines.grep(/Completed/).last&.strip,
                'sqlite_exists' => File.exist?(File.join(root, 'db', "zcrmsdk_#{Rails.env}.sqlite3")))
end

puts JSON.generate(result)
