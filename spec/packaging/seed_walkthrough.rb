# frozen_string_literal: true

# The steps of "Kaizen #18 - Ruby SDK" (the document this project was created from), written as
# the post shows them. The packaging spec runs this file against the *installed* gem, from a
# folder outside the checkout and without `-I lib`, pointed at the local Zoho emulator:
#
#   ZCRM_ACCOUNTS_URL ZCRM_API_BASE_URL ZCRM_CA_FILE ZCRM_CLIENT_ID ZCRM_CLIENT_SECRET
#   ZCRM_USER_EMAIL ZCRM_GRANT_TOKEN ZCRM_TOKEN_DIR
#
# It prints what it does; its last line is "WALKTHROUGH OK".

require 'ZCRMSDK'

# "The isTokenGenerated Method", verbatim from the post (its spelling `ZohoOauth` included).
class SeedWalkthrough
def self.is_token_generate(user)
    tokens = ZCRMSDK::OAuthClient::ZohoOauth.get_persistence_instance.get_oauth_tokens(user)
    unless tokens.nil?
        return true
    end
    rescue Exception => e
        return false 
  end
end

native = $LOADED_FEATURES.grep(/zcrmsdk_native/).first
puts "ZCRMSDK #{ZCRMSDK::VERSION}, native library: #{native}"

user = ENV.fetch('ZCRM_USER_EMAIL')

# Step 3.b: the configuration dictionary (string keys, file persistence).
config_details = {
  'client_id' => ENV.fetch('ZCRM_CLIENT_ID'),
  'client_secret' => ENV.fetch('ZCRM_CLIENT_SECRET'),
  'redirect_uri' => 'https://www.zoho.com',
  'api_base_url' => ENV.fetch('ZCRM_API_BASE_URL'),
  'accounts_url' => ENV.fetch('ZCRM_ACCOUNTS_URL'),
  'current_user_email' => user,
  'api_version' => 'v2',
  'sandbox' => 'false',
  'log_in_console' => 'false',
  'token_persistence_path' => ENV.fetch('ZCRM_TOKEN_DIR'),
  'ca_file' => ENV.fetch('ZCRM_CA_FILE')
}
ZCRMSDK::RestClient::ZCRMRestClient.init(config_details)
puts 'init: ok'

# Step 3.c: generate the tokens from a grant token, unless they were generated before.
if SeedWalkthrough.is_token_generate(user)
  puts 'tokens: already generated'
else
  client = ZCRMSDK::OAuthClient::ZohoOAuth.get_client_instance
  grant_token = ENV.fetch('ZCRM_GRANT_TOKEN')
  client.generate_access_token(grant_token)
  puts 'tokens: generated from the grant token'
end
abort 'is_token_generate is still false after generate_access_token' unless SeedWalkthrough.is_token_generate(user)
token_file = File.join(ENV.fetch('ZCRM_TOKEN_DIR'), 'zcrm_oauthtokens.txt')
puts "token file: #{File.exist?(token_file) ? 'present' : 'missing'}"

# Step 4: connect to Zoho CRM.
rest_client = ZCRMSDK::RestClient::ZCRMRestClient.get_instance
current = rest_client.get_current_user.data[0]
puts "current user: #{current.email} (#{current.full_name}, id #{current.id})"
org = rest_client.get_organization_details.data
puts "organization: #{org.company_name} (org_id #{org.org_id})"

puts 'WALKTHROUGH OK'
