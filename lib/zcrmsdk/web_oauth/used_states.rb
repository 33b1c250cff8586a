# frozen_string_literal: true

module ZCRMSDK
  module WebOAuth
    # Where the states that already completed a connection are remembered, so that each
    # `state` completes one connection at most: a redirect URL that leaks (browser history, a
    # proxy log, a Referer) cannot be replayed while its state is still fresh. An object
    # with `claim(nonce, expires_at:, now:)`, true the first time a nonce is claimed, can
    # stand in for these.
    module UsedStates
      # In this process only. Enough for one server process; with several (Puma cluster,
      # several hosts) a replay could reach another process: use Cache over a shared cache.
      class Memory
        # @param limit [Integer] nonces kept at most; the oldest go first beyond it
        def initialize(limit: 100_000)
          @limit = limit
          @seen = {} # nonce => expiry (Unix seconds), in claim order
          @mutex = Mutex.new
        end

        # @param nonce [String]
        # @param expires_at [Integer] when the state expires (Unix seconds)
        # @param now [Integer] the current time (Unix seconds)
        # @return [Boolean] true the first time `nonce` is claimed
        def claim(nonce, expires_at:, now:)
          @mutex.synchronize do
            forget_expired(now)
            return false if @seen.key?(nonce)

            @seen.shift if @seen.size >= @limit
            @seen[nonce] = expires_at
            true
          end
        end

        private

        # States all live as long, so the oldest claims expire first.
        def forget_expired(now)
          @seen.shift while (first = @seen.first) && first[1] < now
        end
      end

      # In an ActiveSupport cache (`Rails.cache`), shared by every process that uses the same
      # cache (Redis, Memcached, a file store; not :memory_store across processes, not
      # :null_store, which remembers nothing). One atomic `write(unless_exist: true)` claims a
      # nonce, kept until its state expires.
      class Cache
        # @param cache [ActiveSupport::Cache::Store]
        # @param namespace [String] the keys' prefix
        def initialize(cache, namespace: 'zcrmsdk:web_oauth:used_state:')
          @cache = cache
          @namespace = namespace
        end

        # @param nonce [String]
        # @param expires_at [Integer] when the state expires (Unix seconds)
        # @param now [Integer] the current time (Unix seconds)
        # @return [Boolean] true the first time `nonce` is claimed
        def claim(nonce, expires_at:, now:)
          ttl = [expires_at - now, 1].max
          @cache.write("#{@namespace}#{nonce}", true, unless_exist: true, expires_in: ttl) ? true : false
        end
      end
    end
  end
end
