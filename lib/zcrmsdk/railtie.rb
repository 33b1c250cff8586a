# frozen_string_literal: true

require 'active_support/ordered_options'

module ZCRMSDK
  # Rails integration:
  #
  # * the gem logs to Rails.logger unless the configuration names another logger;
  # * tokens default to db/zcrmsdk_<env>.sqlite3 in the app (never a home-folder file shared
  #   by every app and environment);
  # * unless the app configured the gem itself (ZCRMSDK.configure or ZCRMRestClient.init in an
  #   initializer), it is configured after boot from `config.zcrmsdk`, over
  #   `Rails.application.credentials.zoho`, over the ZOHO_* environment variables (skipped
  #   when none of them gives a client_id);
  # * "Completed ... (Zoho: 12.3ms)" in the request log, as ActiveRecord does.
  #
  # Forked workers (Puma cluster mode, Sidekiq swarm) need nothing: the engine rebuilds its
  # connections in each child.
  #
  # @api private
  class Railtie < ::Rails::Railtie
    config.zcrmsdk = ActiveSupport::OrderedOptions.new

    initializer 'zcrmsdk.logger' do
      ZCRMSDK::Log.default_logger ||= ::Rails.logger
    end

    initializer 'zcrmsdk.token_store' do |app|
      ZCRMSDK::Configuration.default_sqlite_path ||= app.root.join('db', "zcrmsdk_#{::Rails.env}.sqlite3").to_s
    end

    initializer 'zcrmsdk.instrumentation' do
      require 'zcrmsdk/instrumentation/controller_runtime'
      ZCRMSDK::Instrumentation::LogSubscriber.attach
      ActiveSupport.on_load(:action_controller) { include ZCRMSDK::Instrumentation::ControllerRuntime }
    end

    config.after_initialize do |app|
      ZCRMSDK::Railtie.configure(app) unless ZCRMSDK.configured?
    end

    # The settings of `config.zcrmsdk` over `credentials.zoho`, if any source (those two or
    # ENV) names a client_id.
    def self.configure(app)
      settings = credentials(app).merge(app.config.zcrmsdk.to_h.transform_keys(&:to_sym))
      return unless settings[:client_id] || ENV['ZOHO_CLIENT_ID'].to_s.strip != ''

      ZCRMSDK.configure do |c|
        settings.each { |name, value| c.public_send("#{name}=", value) }
      end
    end

    # The credentials' `zoho:` entries that are configuration options (others are left
    # alone: an app may keep more there).
    def self.credentials(app)
      zoho = app.credentials.zoho if app.credentials.respond_to?(:zoho)
      return {} unless zoho.is_a?(Hash)

      zoho.transform_keys(&:to_sym).slice(*Configuration::Options::ATTRIBUTES)
    end
  end
end
