# frozen_string_literal: true

# The steps of Zoho's "Kaizen #18 - Ruby SDK", end to end:
#   configure -> generate tokens from a grant token -> check tokens exist -> current user ->
#   one user's details -> the organization.
#
# With no credentials it runs against the local Zoho emulator (no network needed).
# Against real Zoho:
#   ZCRM_CLIENT_ID=... ZCRM_CLIENT_SECRET=... ZCRM_GRANT_TOKEN=... bin/demo
# (grant token from https://api-console.zoho.com, Self Client, scopes
#  ZohoCRM.modules.ALL,ZohoCRM.users.ALL,ZohoCRM.org.ALL,ZohoCRM.settings.ALL,AaaServer.profile.Read).
# Later runs can drop ZCRM_GRANT_TOKEN and set ZCRM_USER_EMAIL: the tokens are in the store.
# Outside the US data centre also set ZCRM_ACCOUNTS_URL (e.g. https://accounts.zoho.eu).

require 'ZCRMSDK'
require 'tmpdir'
require 'fileutils'

# The seed's check, verbatim: true when tokens were generated for the user before.
def self.is_token_generate(user)
  tokens = ZCRMSDK::OAuthClient::ZohoOauth.get_persistence_instance.get_oauth_tokens(user)
  unless tokens.nil?
    return true
  end
rescue Exception => e
  return false
end

def step(title)
  puts "\n== #{title}"
  result = yield
  puts "   ok"
  result
end

real_zoho = ENV['ZCRM_CLIENT_ID'] && ENV['ZCRM_CLIENT_SECRET']

if real_zoho
  puts 'Running against real Zoho CRM'
  config_details = {
    'client_id' => ENV.fetch('ZCRM_CLIENT_ID'),
    'client_secret' => ENV.fetch('ZCRM_CLIENT_SECRET'),
    'redirect_uri' => ENV.fetch('ZCRM_REDIRECT_URI', 'https://www.zoho.com'),
    'accounts_url' => ENV.fetch('ZCRM_ACCOUNTS_URL', 'https://accounts.zoho.com'),
    'current_user_email' => ENV['ZCRM_USER_EMAIL']
  }.compact
  grant_token = ENV['ZCRM_GRANT_TOKEN']
else
  require 'zcrmsdk/testing'
  emulator = ZCRMSDK::Testing::Emulator.start
  at_exit { emulator.stop }
  puts "Running against the local Zoho emulator at #{emulator.base_url} (set ZCRM_CLIENT_ID and " \
       'ZCRM_CLIENT_SECRET to use real Zoho)'
  demo_folder = Dir.mktmpdir('zcrmsdk-demo')
  at_exit { FileUtils.rm_rf(demo_folder) }
  config_details = emulator.config('sqlite_path' => File.join(demo_folder, 'oauthtokens.sqlite3'))
  grant_token = emulator.grant_token
end

step('Step 3.b: ZCRMRestClient.init(config_details) (token store: embedded SQLite)') do
  ZCRMSDK::RestClient::ZCRMRestClient.init(config_details)
end

if grant_token
  tokens = step('Step 3.c: generate_access_token(grant_token)') do
    ZCRMSDK::OAuthClient::ZohoOAuth.get_client_instance.generate_access_token(grant_token)
  end
  puts "   tokens stored for #{tokens.user_identifier}, valid until #{Time.at(tokens.expiry_time / 1000)}"
  ZCRMSDK::RestClient::ZCRMRestClient.current_user_email ||= tokens.user_identifier
end

user = ZCRMSDK::RestClient::ZCRMRestClient.current_user_email
abort 'Set ZCRM_GRANT_TOKEN (first run) or ZCRM_USER_EMAIL (later runs).' if user.nil?

step("is_token_generate(#{user.inspect})") do
  generated = is_token_generate(user)
  puts "   #{generated}"
  abort 'No tokens for that user: set ZCRM_GRANT_TOKEN.' unless generated
end

client = ZCRMSDK::RestClient::ZCRMRestClient.get_instance

me = step('Step 4: the current user (get_current_user)') do
  client.get_current_user.data[0]
end
puts "   #{me.full_name} <#{me.email}>, role #{me.role&.name.inspect}, profile #{me.profile&.name.inspect}"

step("One user's details (ZCRMOrganization#get_user(#{me.id}))") do
  details = client.get_organization_instance.get_user(me.id).data
  puts "   id #{details.id}, status #{details.status.inspect}, time zone #{details.time_zone.inspect}"
end

step('The organization (get_organization_details)') do
  org = client.get_organization_details.data
  puts "   #{org.company_name} (org id #{org.org_id}), #{org.country}, currency #{org.currency_symbol}"
end

puts "\nDone."
