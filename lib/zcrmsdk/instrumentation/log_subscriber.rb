# frozen_string_literal: true

require 'active_support/log_subscriber'

module ZCRMSDK
  module Instrumentation
    # Adds up, per thread, the time spent waiting on Zoho (CRM requests and token traffic),
    # as ActiveRecord's LogSubscriber does for SQL, for ControllerRuntime to report. The
    # request lines themselves are written by the gem's logger (see ZCRMSDK::Log).
    #
    # @api private
    class LogSubscriber < ActiveSupport::LogSubscriber
      TIMED = %w[request.zcrmsdk token_refresh.zcrmsdk oauth.zcrmsdk].freeze

      class << self
        def runtime=(value)
          Thread.current[:zcrmsdk_runtime] = value
        end

        # Milliseconds spent on Zoho exchanges by this thread since the last reset.
        def runtime
          Thread.current[:zcrmsdk_runtime] ||= 0
        end

        def reset_runtime
          previous = runtime
          self.runtime = 0
          previous
        end

        def attach
          subscriber = new
          TIMED.each { |name| ActiveSupport::Notifications.subscribe(name, subscriber) }
          subscriber
        end
      end

      def request(event)
        self.class.runtime += event.duration
      end
      alias token_refresh request
      alias oauth request

      # ActiveSupport 6.1 hands published events (ours carry their real times) to subscriber
      # objects here; 7.1+ calls publish_event.
      def publish(name, started, finished, id, payload)
        publish_event(ActiveSupport::Notifications::Event.new(name, started, finished, id, payload))
      end

      def publish_event(event)
        public_send(event.name.split('.').first, event)
      end
    end
  end
end
