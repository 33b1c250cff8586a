# frozen_string_literal: true

# Zoho OAuth tokens, one row per user, read and written by ZCRMSDK::ActiveRecordTokenStore
# (expiry_time: milliseconds since the epoch, as ZohoOAuthTokens#expiry_time).
class CreateZcrmsdkOauthTokens < ActiveRecord::Migration[6.1]
  def change
    create_table :zcrmsdk_oauth_tokens do |t|
      t.string :user_identifier, null: false, index: { unique: true }
      t.text :refresh_token
      t.text :access_token
      t.bigint :expiry_time
      t.string :api_domain
      t.string :accounts_server
      t.timestamps
    end
  end
end
