# frozen_string_literal: true

require 'active_support/concern'
require 'active_support/core_ext/module/attr_internal'
require_relative 'log_subscriber'

module ZCRMSDK
  module Instrumentation
    # Included in ActionController::Base by the Railtie, as ActiveRecord's ControllerRuntime:
    # the "Completed 200 OK in 80ms (Views: 1.2ms | Zoho: 54.1ms)" line shows the time the
    # action spent on Zoho.
    #
    # @api private
    module ControllerRuntime
      extend ActiveSupport::Concern

      module ClassMethods
        def log_process_action(payload)
          messages = super
          runtime = payload[:zoho_runtime]
          messages << format('Zoho: %.1fms', runtime.to_f) if runtime&.positive?
          messages
        end
      end

      private

      attr_internal :zoho_runtime

      # Reset before the action: time spent in middleware or an earlier request on this
      # thread is not this action's.
      def process_action(*)
        LogSubscriber.reset_runtime
        super
      end

      # Zoho calls made while rendering count as Zoho time, not view time.
      def cleanup_view_runtime
        before_render = LogSubscriber.reset_runtime
        self.zoho_runtime = (zoho_runtime || 0) + before_render
        runtime = super
        after_render = LogSubscriber.reset_runtime
        self.zoho_runtime += after_render
        runtime - after_render
      end

      def append_info_to_payload(payload)
        super
        payload[:zoho_runtime] = (zoho_runtime || 0) + LogSubscriber.reset_runtime
      end
    end
  end
end
