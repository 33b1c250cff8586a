# frozen_string_literal: true

module ZCRMSDK
  module Notifications
    # The Receiver's default executor: a bounded queue drained by worker threads that call
    # the handler, so that Zoho's request is answered before the handler runs. When the queue
    # is full, `call` returns false (the Receiver answers 503) instead of blocking Zoho.
    #
    # The workers start with the first event, and start again in a forked child (Puma
    # cluster, Unicorn), whose parent's threads do not exist there. An exception in the
    # handler is passed to `on_error` (and logged); the worker goes on with the next event.
    class BackgroundQueue
      # @param handler [#call] called with each event, on a worker thread
      # @param size [Integer] events waiting at most
      # @param workers [Integer] threads calling the handler
      # @param on_error [#call, nil] called with (exception, event) when the handler raises
      # @param logger [Logger, nil] where handler failures are logged
      # @raise [ArgumentError] a bad size or workers
      def initialize(handler, size: 1_000, workers: 1, on_error: nil, logger: nil)
        raise ArgumentError, 'the handler must respond to call' unless handler.respond_to?(:call)
        raise ArgumentError, 'queue_size must be a positive Integer' unless size.is_a?(Integer) && size.positive?
        raise ArgumentError, 'workers must be a positive Integer' unless workers.is_a?(Integer) && workers.positive?

        @handler = handler
        @size = size
        @workers = workers
        @on_error = on_error
        @logger = logger
        @mutex = Mutex.new
        @pid = nil
      end

      # Queues the event for the handler; false when the queue is full.
      # @param event [ZCRMSDK::Notifications::Event]
      # @return [Boolean]
      def call(event)
        queue.push(event, true)
        true
      rescue ThreadError # full
        false
      end

      # Events waiting for a worker.
      # @return [Integer]
      def backlog
        @queue ? @queue.size : 0
      end

      # Lets the workers finish the queued events, then stops them. Returns whether they all
      # finished within `timeout` seconds (nil: wait for them).
      # @param timeout [Numeric, nil]
      # @return [Boolean]
      def shutdown(timeout = nil)
        threads, queue = @mutex.synchronize { [@threads, @queue].tap { @pid = nil } }
        return true unless queue

        threads.size.times { queue.push(STOP) }
        threads.all? { |thread| thread.join(timeout) }
      end

      STOP = Object.new.freeze
      private_constant :STOP

      private

      def queue
        return @queue if @pid == Process.pid

        @mutex.synchronize do
          unless @pid == Process.pid
            @queue = SizedQueue.new(@size)
            @threads = Array.new(@workers) { |n| start_worker(@queue, n) }
            @pid = Process.pid
          end
        end
        @queue
      end

      def start_worker(queue, number)
        Thread.new do
          Thread.current.name = "zcrmsdk-notifications-#{number}"
          while (event = queue.pop) && !event.equal?(STOP)
            handle(event)
          end
        end
      end

      def handle(event)
        @handler.call(event)
      rescue StandardError => e
        @logger&.error("ZCRMSDK notification handler raised #{e.class}: #{e.message} for #{event.inspect}")
        @on_error&.call(e, event)
      end
    end
  end
end
