# frozen_string_literal: true

require 'rails/generators'
require 'rails/generators/active_record'

module ZCRMSDK
  # @api private
  module Generators
    # `rails generate zcrmsdk:install [--active-record]`: the initializer that configures the
    # gem from the app's credentials and, with --active-record, the table, migration and model
    # that keep the tokens in the app's own database (ZCRMSDK::ActiveRecordTokenStore).
    class InstallGenerator < Rails::Generators::Base
      include ActiveRecord::Generators::Migration

      namespace 'zcrmsdk:install' # not the z_c_r_m_s_d_k:install Thor would derive from ZCRMSDK
      source_root File.expand_path('templates', __dir__)

      class_option :active_record, type: :boolean, default: false,
                                   desc: "Keep OAuth tokens in the app's database (migration, model, initializer line)"

      def create_initializer
        template 'initializer.rb.tt', 'config/initializers/zcrmsdk.rb'
      end

      def create_token_table_migration
        return unless options[:active_record]

        migration_template 'create_zcrmsdk_oauth_tokens.rb.tt', File.join(db_migrate_path, 'create_zcrmsdk_oauth_tokens.rb')
      end

      def create_token_model
        template 'zoho_oauth_token.rb.tt', 'app/models/zoho_oauth_token.rb' if options[:active_record]
      end

      private

      # The running Rails' migration API version, e.g. [6.1].
      def migration_version
        "[#{ActiveRecord::VERSION::MAJOR}.#{ActiveRecord::VERSION::MINOR}]"
      end
    end
  end
end
