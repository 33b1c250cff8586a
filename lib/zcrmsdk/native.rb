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

    # The engine runs a custom store's lock and unlock through here: with Ruby's interrupts
    # (Timeout, Thread#raise, kill) deferred until the callback and the delivery of its answer
    # are done, so that every lock the engine took is unlocked exactly once.
    def self.uninterruptibly(job)
      Thread.handle_interrupt(Object => :never) { job.call }
    end
  end
end
