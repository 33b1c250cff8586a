# frozen_string_literal: true

# Zoho OAuth tokens of the app's users (the zcrmsdk_oauth_tokens table), kept by
# ZCRMSDK::ActiveRecordTokenStore. The tokens are secrets: keep them out of logs and JSON.
class ZohoOauthToken < ApplicationRecord
  self.table_name = 'zcrmsdk_oauth_tokens'
  self.filter_attributes += %i[refresh_token access_token]
end
