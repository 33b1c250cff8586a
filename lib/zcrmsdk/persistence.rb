# frozen_string_literal: true

module ZCRMSDK
  # The token stores' handlers, under 1.0.x's names; see "Token persistence" in the README.
  module Persistence
    # What the built-in handlers share: each one reads and writes the store the engine was
    # configured with (file, MySQL, SQLite or memory), through the engine, so that the seed's
    # `get_persistence_instance.get_oauth_tokens(user)` sees exactly what API calls use.
    class EngineStoreHandler
      # 1.0.x's constructor: a handler of the current client's store.
      # @return [ZCRMSDK::Persistence::EngineStoreHandler]
      def self.get_instance
        new
      end

      # engine: a ZCRMSDK::Client's (Client#persistence); by default, that of the client
      # selected on the calling thread, else the default one.
      def initialize(engine: nil)
        @engine = engine
      end

      # Stores the tokens under their user_identifier.
      # @param oauth_tokens [ZCRMSDK::OAuthClient::ZohoOAuthTokens]
      # @return [nil]
      # @raise [ZCRMSDK::PersistenceError] the store failed
      def save_oauth_tokens(oauth_tokens)
        engine.invoke(:save_tokens, token_hash(oauth_tokens))
        nil
      end

      # The user's ZohoOAuthTokens; raises TokensNotFoundError (a ZohoOAuthException, as in
      # 1.0.x) when the store has none.
      def get_oauth_tokens(user_identifier)
        hash = engine.invoke(:load_tokens, user_identifier.to_s)
        return OAuthClient::ZohoOAuthTokens.from_h(hash) if hash

        raise TokensNotFoundError.new('get_oauth_tokens',
                                      "no tokens for #{user_identifier} in the #{store_name} token store: " \
                                      'call generate_access_token(grant_token) first', 'NO TOKENS', 'error')
      end

      # Deletes the user's tokens.
      # @param user_identifier [String] the user's email
      # @return [nil]
      # @raise [ZCRMSDK::PersistenceError] the store failed
      def delete_oauth_tokens(user_identifier)
        engine.invoke(:delete_tokens, user_identifier.to_s)
        nil
      end

      # @return [String] the handler and its store
      def inspect
        "#<#{self.class.name} store=#{store_name}>"
      end

      private

      def engine
        @engine || Internal.engine!
      end

      def store_name
        engine.settings['persistence']
      end

      def token_hash(tokens)
        OAuthClient::ZohoOAuthTokens.engine_hash(tokens, tokens.user_identifier)
      end
    end

    # MySQL (1.0.x's name): database `zohooauth`, table `oauthtokens`.
    class ZohoOAuthPersistenceHandler < EngineStoreHandler; end
    # `zcrm_oauthtokens.txt` in `token_persistence_path` (1.0.x's name).
    class ZohoOAuthFilePersistenceHandler < EngineStoreHandler; end
    # The embedded default: an SQLite file (see `sqlite_path`).
    class SQLitePersistenceHandler < EngineStoreHandler; end
    # Process memory: for tests.
    class MemoryPersistenceHandler < EngineStoreHandler; end

    HANDLERS = { 'mysql' => ZohoOAuthPersistenceHandler, 'file' => ZohoOAuthFilePersistenceHandler,
                 'sqlite' => SQLitePersistenceHandler, 'memory' => MemoryPersistenceHandler }.freeze

    # The built-in handler of a store kind.
    # @api private
    # @param kind [String] 'mysql', 'file', 'sqlite' or 'memory'
    # @param engine [Object, nil]
    # @return [ZCRMSDK::Persistence::EngineStoreHandler]
    def self.handler_for(kind, engine: nil)
      HANDLERS.fetch(kind).new(engine: engine)
    end

    # Lets the engine use a custom persistence handler (the seed's "Custom DB Persistence").
    # The engine calls these methods on the Ruby thread that made the API call, outside any
    # GVL-released region, so a handler may do anything Ruby code does, including calling the
    # SDK. A handler's exception propagates to the engine, which reports it as a
    # PersistenceError whose `cause` is that exception.
    #
    # Handlers are duck-typed as in 1.0.x: `save_oauth_tokens(tokens)` and
    # `get_oauth_tokens(user)` (or the seed's `saveOAuthData` / `getOAuthTokens`), optionally
    # `delete_oauth_tokens(user)` (`deleteOAuthTokens`) and, to make token refreshes
    # single-flight across processes, `lock_oauth_tokens(user)` + `unlock_oauth_tokens(user)`.
    # The engine runs lock and unlock with interrupts deferred, so that every lock it took is
    # unlocked exactly once even under Timeout or Thread#raise: bound your lock's own wait.
    #
    # @api private
    class HandlerBridge
      ALIASES = {
        save: %i[save_oauth_tokens saveOAuthData],
        get: %i[get_oauth_tokens getOAuthTokens],
        delete: %i[delete_oauth_tokens deleteOAuthTokens],
        lock: %i[lock_oauth_tokens],
        unlock: %i[unlock_oauth_tokens]
      }.freeze

      def initialize(handler_class)
        @handler_class = handler_class
        @lock_holders = {}
        @mutex = Mutex.new
      end

      # For error messages: "MyStore#save_oauth_tokens raised IOError: disk full".
      def handler_name
        @handler_class.name || @handler_class.inspect
      end

      def load(user)
        tokens = dispatch(@handler_class.new, :get, user)
        tokens && token_hash(tokens, user)
      rescue OAuthUtility::ZohoOAuthException
        nil # 1.0.x handlers raise this when they have no tokens for the user
      end

      def save(hash)
        dispatch(@handler_class.new, :save, OAuthClient::ZohoOAuthTokens.from_h(hash))
        nil
      end

      def delete(user)
        dispatch(@handler_class.new, :delete, user)
        nil
      end

      # The same handler object sees the lock and the unlock of one refresh.
      def lock(user)
        handler = @handler_class.new
        @mutex.synchronize { @lock_holders[[Thread.current, user]] = handler }
        dispatch(handler, :lock, user)
        nil
      end

      def unlock(user)
        handler = @mutex.synchronize { @lock_holders.delete([Thread.current, user]) } || @handler_class.new
        dispatch(handler, :unlock, user)
        nil
      end

      def inspect
        "#<#{self.class.name} handler=#{handler_name}>"
      end

      private

      # Optional methods (delete, lock, unlock) that the handler lacks are skipped.
      def dispatch(handler, role, argument)
        name = ALIASES[role].find { |m| handler.respond_to?(m) }
        return unless name

        user = role == :save ? argument.user_identifier : argument
        Instrumentation.token_store(handler_name, role, user) { handler.public_send(name, argument) }
      end

      def token_hash(tokens, user)
        access_token = tokens.access_token
        raise ArgumentError, 'returned tokens without an access_token' if access_token.nil? || access_token.to_s.empty?

        identifier = tokens.respond_to?(:user_identifier) && tokens.user_identifier
        OAuthClient::ZohoOAuthTokens.engine_hash(tokens, identifier || user)
      end
    end
  end
end
