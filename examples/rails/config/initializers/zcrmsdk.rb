# frozen_string_literal: true

# Zoho CRM (the ZCRMSDK gem), as `rails generate zcrmsdk:install --active-record` wrote it,
# with the token store left to ZOHO_TOKEN_STORE so that this example runs with either store.
#
# Each setting comes from the encrypted credentials (`bin/rails credentials:edit`):
#
#   zoho:
#     client_id: 1000.XXXXXXXX
#     client_secret: xxxxxxxx
#     redirect_uri: https://example.com/zoho/callback
#     current_user_email: crm-admin@example.com
#
# and, when the credentials leave it out, from the environment: ZOHO_CLIENT_ID,
# ZOHO_CLIENT_SECRET, ZOHO_REDIRECT_URI, ZOHO_CURRENT_USER_EMAIL, ZOHO_ACCOUNTS_URL,
# ZOHO_API_BASE_URL, ZOHO_CA_FILE... (README.md runs the app against the local emulator so).
ZCRMSDK.configure do |config|
  config.client_id     = Rails.application.credentials.dig(:zoho, :client_id)
  config.client_secret = Rails.application.credentials.dig(:zoho, :client_secret)
  config.redirect_uri  = Rails.application.credentials.dig(:zoho, :redirect_uri)
  config.current_user_email = Rails.application.credentials.dig(:zoho, :current_user_email)
  # Where the tokens live: ZOHO_TOKEN_STORE=active_record keeps them in this app's database
  # (the zcrmsdk_oauth_tokens table of db/migrate), refreshed once per expiry across all of
  # the app's processes; unset, they are in the gem's default store for Rails,
  # db/zcrmsdk_<environment>.sqlite3. An app that has chosen says so here:
  # config.token_store = :active_record
end

require 'zcrmsdk/active_record_token_store'
ZCRMSDK::ActiveRecordTokenStore.model = 'ZohoOauthToken' # app/models/zoho_oauth_token.rb
