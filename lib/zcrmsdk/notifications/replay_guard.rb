# frozen_string_literal: true

module ZCRMSDK
  module Notifications
    # Remembers the notifications a Receiver accepted, so that the same one sent again (same
    # channel, server_time, operation and ids) is refused, and refuses notifications whose
    # server_time is older than the window (they could no longer be told from a replay).
    #
    # Memory is bounded: an entry is forgotten once it is older than the window, and past
    # `capacity` entries the oldest go first. Thread-safe.
    #
    # @api private
    class ReplayGuard
      # @param window [Numeric] seconds a notification stays fresh
      # @param capacity [Integer] the most notifications remembered
      # @param clock [#call] returns the current Time
      def initialize(window:, capacity:, clock:)
        raise ArgumentError, 'replay_window must be a positive number of seconds' unless window.is_a?(Numeric) && window.positive?
        raise ArgumentError, 'remember must be a positive Integer' unless capacity.is_a?(Integer) && capacity.positive?

        @window = window
        @capacity = capacity
        @clock = clock
        @seen = {} # key => server_time; Hash keeps insertion order, oldest first
        @mutex = Mutex.new
      end

      # Records the event unless it is a replay or stale: `:fresh`, `:replayed` or `:stale`.
      def admit(event)
        now = @clock.call
        return :stale unless (now - @window..now + @window).cover?(event.server_time)

        key = [event.channel_id, event.server_time, event.operation, event.module_name, event.ids.sort].freeze
        @mutex.synchronize do
          forget_older_than(now - @window)
          next :replayed if @seen.key?(key)

          @seen.shift while @seen.size >= @capacity
          @seen[key] = event.server_time
          :fresh
        end
      end

      # Forgets an event admitted but not handled (the queue was full), so Zoho may send it again.
      def forget(event)
        key = [event.channel_id, event.server_time, event.operation, event.module_name, event.ids.sort]
        @mutex.synchronize { @seen.delete(key) }
      end

      # How many notifications are remembered now.
      def size
        @mutex.synchronize { @seen.size }
      end

      private

      # Entries arrive roughly in server_time order; the scan stops at the first fresh one.
      def forget_older_than(limit)
        @seen.shift while (oldest = @seen.first) && oldest.last < limit
      end
    end
  end
end
