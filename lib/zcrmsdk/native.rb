# frozen_string_literal: true

module ZCRMSDK
  # @api private
  module Native
    # Loads one of the gem's compiled libraries: `zcrmsdk_native` (the engine) or
    # `zcrmsdk_testing_native` (the emulator, for ZCRMSDK::Testing). A gem built for several
    # Rubies keeps one library per Ruby version; a source install or a development build has
    # a single one.
    def self.require_library(name)
      require "zcrmsdk/#{RUBY_VERSION[/\d+\.\d+/]}/#{name}"
    rescue LoadError
      require "zcrmsdk/#{name}"
    end

    begin
      require_library('zcrmsdk_native')
    rescue LoadError => e
      raise LoadError, "ZCRMSDK's native extension is not built (#{e.message}). " \
                       'In a checkout run `rake compile` (or bin/setup); as a gem, reinstall it with ' \
                       'cargo on the PATH (https://rustup.rs) and libclang-dev installed.'
    end

    # Ruby frees its VM after the at_exit handlers and finalizers; the engine's threads may
    # still free memory then, and must not report it to a VM that is gone (see memory.rs).
    at_exit { stop_reporting_memory }

    # A Ruby thread that only sleeps, started by the engine before a call's wait when the
    # process has no other Ruby thread. Without a second thread, Ruby 3.1 starts a helper
    # thread around every blocking wait of the gem (to deliver signals to it) and kills and
    # joins it after: a thread created and destroyed per call, whose join can run trap handlers
    # and which inherits the caller's interrupt mask (inside a cleanup that defers interrupts
    # it could not be killed, and the join hung). With this one alive, Ruby delivers signals
    # through it and starts no helper. It runs with interrupts allowed whatever the mask it
    # was created under, so Thread#kill and process exit end it; after a fork it is gone and
    # the next call starts another. Visible in Thread.list as "zcrmsdk-signals".
    def self.signal_relay
      relay = @signal_relay
      return relay if relay&.alive?

      @signal_relay = Thread.new do
        Thread.current.name = 'zcrmsdk-signals'
        # Ended by Thread#raise (a test tool stopping every thread): nothing to report.
        Thread.current.report_on_exception = false
        Thread.handle_interrupt(Object => :immediate) { sleep }
      end
    end

    # The engine runs a custom store's lock and unlock through here: with Ruby's interrupts
    # (Timeout, Thread#raise, kill) deferred until the callback and the delivery of its answer
    # are done, so that every lock the engine took is unlocked exactly once.
    def self.uninterruptibly(job)
      Thread.handle_interrupt(Object => :never) { job.call }
    end
  end
end
