# frozen_string_literal: true

module ZCRMSDK
  # Rails integration: the gem logs to Rails.logger unless the configuration names another
  # logger, and `request.zcrmsdk` events go through ActiveSupport::Notifications. Forked
  # workers (Puma cluster mode, Sidekiq swarm) need nothing: the engine rebuilds its
  # connections in each child.
  class Railtie < Rails::Railtie
    initializer 'zcrmsdk.logger' do
      ZCRMSDK::Log.default_logger ||= Rails.logger
    end
  end
end
