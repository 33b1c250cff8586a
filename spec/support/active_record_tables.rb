# frozen_string_literal: true

require 'erb'

module ZCRMSDKSpec
  # The token table, created by the very migration `rails generate zcrmsdk:install
  # --active-record` writes, in whatever database ActiveRecord::Base is connected to.
  module ActiveRecordTables
    MIGRATION = File.expand_path('../../lib/generators/zcrmsdk/install/templates/create_zcrmsdk_oauth_tokens.rb.tt',
                                 __dir__)

    def self.recreate_token_table
      connection = ActiveRecord::Base.connection
      connection.drop_table(ZCRMSDK::ActiveRecordTokenStore::TABLE, if_exists: true)
      ActiveRecord::Migration.suppress_messages { migration.new.migrate(:up) }
    end

    def self.migration
      @migration ||= begin
        source = ERB.new(File.read(MIGRATION), trim_mode: '-').result_with_hash(migration_version: '[6.1]')
        Module.new.tap { |namespace| namespace.module_eval(source, MIGRATION) }::CreateZcrmsdkOauthTokens
      end
    end
  end
end
