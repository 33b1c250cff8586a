# frozen_string_literal: true

begin
  require 'active_record'
rescue LoadError => e
  raise LoadError, 'ZCRMSDK::ActiveRecordTokenStore keeps tokens in your app\'s database through ActiveRecord, ' \
                   'which is not installed: add `gem "activerecord"` (or Rails) to your Gemfile, or choose ' \
                   "another token store (see \"Token persistence\" in the README). (#{e.message})"
end
require_relative '../zcrmsdk'
require_relative 'active_record_token_store/locks'

module ZCRMSDK
  # Keeps OAuth tokens in the app's own database, through the app's connection pool, in the
  # table `zcrmsdk_oauth_tokens` (`rails generate zcrmsdk:install --active-record` writes its
  # migration), and makes token refreshes single-flight across processes with the database's
  # own locks: GET_LOCK on MySQL/MariaDB, advisory locks on PostgreSQL, a lock file beside the
  # database on SQLite (see Locks).
  #
  # A custom persistence handler (see "Custom persistence" in the README): the engine builds one
  # per call, with no arguments, and calls it on the Ruby thread that made the API call.
  class ActiveRecordTokenStore
    # This file, for the 1.0.x key 'persistence_handler_class_path'.
    PATH = __FILE__
    TABLE = 'zcrmsdk_oauth_tokens'
    COLUMNS = %i[refresh_token access_token expiry_time api_domain accounts_server].freeze
    DEFAULT_LOCK_TIMEOUT = 10 # seconds

    # Raised when another process holds a user's refresh lock for longer than `lock_timeout`.
    class LockTimeoutError < StandardError; end

    @model = nil
    @lock_timeout = DEFAULT_LOCK_TIMEOUT
    DEFAULT_MODEL_GUARD = Mutex.new
    private_constant :DEFAULT_MODEL_GUARD

    class << self
      # How long a refresh waits for another process's refresh of the same user, in seconds.
      attr_reader :lock_timeout

      # @param seconds [Numeric] positive
      # @return [Numeric]
      # @raise [ArgumentError] not a positive number
      def lock_timeout=(seconds)
        unless seconds.is_a?(Numeric) && seconds.positive?
          raise ArgumentError, 'ZCRMSDK::ActiveRecordTokenStore.lock_timeout must be a positive number of seconds, ' \
                               "not #{seconds.inspect}"
        end

        @lock_timeout = seconds
      end

      # Your model for the table, as a class or a class name ('ZohoOauthToken'). A name is
      # looked up at each use, so Rails' code reloading never leaves a stale class here; nil
      # restores the built-in model.
      # @param model [Class, String, Symbol, nil]
      # @return [Class, String, Symbol, nil]
      # @raise [ArgumentError] not a class, a name or nil
      def model=(model)
        unless model.nil? || model.is_a?(String) || model.is_a?(Symbol) || model.is_a?(Class)
          raise ArgumentError, 'ZCRMSDK::ActiveRecordTokenStore.model must be an ActiveRecord model class or its ' \
                               "name as a String, not #{model.inspect}"
        end

        @model = model
      end

      # The model in use: yours, or the built-in `ZCRMSDK::ActiveRecordTokenStore::Token`.
      # @return [Class<ActiveRecord::Base>]
      # @raise [NameError] the configured model name is not defined
      def model
        case @model
        when nil then default_model
        when Class then @model
        else named_model(@model.to_s)
        end
      end

      private

      # Defined on first use, not when this file loads, so that requiring the store from an
      # initializer does not load ActiveRecord::Base before Rails has configured it.
      def default_model
        DEFAULT_MODEL_GUARD.synchronize do
          next const_get(:Token, false) if const_defined?(:Token, false)

          const_set(:Token, Class.new(::ActiveRecord::Base) { self.table_name = TABLE })
        end
      end

      def named_model(name)
        Object.const_get(name)
      rescue NameError
        raise NameError, "ZCRMSDK::ActiveRecordTokenStore.model is #{name.inspect}, which is not defined: run " \
                         '`rails generate zcrmsdk:install --active-record` or name your model for the ' \
                         "#{TABLE} table"
      end
    end

    # Inserts or updates the user's row (called by the engine after a grant or a refresh).
    # @param tokens [ZCRMSDK::OAuthClient::ZohoOAuthTokens]
    # @return [nil]
    # @raise [ActiveRecord::ActiveRecordError] the database failed (the engine reports it as PersistenceError)
    def save_oauth_tokens(tokens)
      user = tokens.user_identifier.to_s
      attributes = COLUMNS.to_h { |column| [column, tokens.public_send(column)] }
      attributes[:expiry_time] = Integer(attributes[:expiry_time])
      with_model { |model| upsert(model, user, attributes) }
      nil
    end

    # The user's ZohoOAuthTokens.
    # @param user_identifier [String] the user's email
    # @return [ZCRMSDK::OAuthClient::ZohoOAuthTokens]
    # @raise [ZCRMSDK::TokensNotFoundError] the table has no row for the user
    # @raise [ActiveRecord::ActiveRecordError] the database failed (the engine reports it as PersistenceError)
    def get_oauth_tokens(user_identifier)
      row = with_model { |model| model.find_by(user_identifier: user_identifier.to_s) }
      return to_tokens(row) if row

      raise TokensNotFoundError.new('get_oauth_tokens',
                                    "no tokens for #{user_identifier} in #{TABLE}: call generate_access_token(grant_token) first",
                                    'NO TOKENS', 'error')
    end

    # Deletes the user's row (after a revocation).
    # @param user_identifier [String] the user's email
    # @return [nil]
    # @raise [ActiveRecord::ActiveRecordError] the database failed (the engine reports it as PersistenceError)
    def delete_oauth_tokens(user_identifier)
      with_model { |model| model.where(user_identifier: user_identifier.to_s).delete_all }
      nil
    end

    # Session-level database locks belong to the connection that took them, while the pool
    # hands connections out per thread: the lock is taken on this thread's connection, which
    # stays leased to the thread (the engine unlocks on the same thread and the same handler
    # object), and the unlock runs on that very connection. A connection leased only for the
    # lock goes back to the pool after the unlock. No second connection is taken, so a pool
    # sized for the app's threads (Puma's RAILS_MAX_THREADS) is enough.
    #
    # @param user_identifier [String] the user's email
    # @return [nil]
    # @raise [ZCRMSDK::ActiveRecordTokenStore::LockTimeoutError] another process held the lock
    #   past {.lock_timeout}
    # @raise [ActiveRecord::ActiveRecordError] the database failed (the engine reports it as PersistenceError)
    def lock_oauth_tokens(user_identifier)
      pool = self.class.model.connection_pool
      leased = !pool.active_connection?
      lock = Locks.for(pool.connection, user_identifier.to_s)
      lock.acquire(self.class.lock_timeout)
      @held = [pool, lock, leased]
      nil
    rescue Exception # rubocop:disable Lint/RescueException -- give back what we leased, whatever stopped us
      pool.release_connection if leased
      raise
    end

    # Releases the lock {#lock_oauth_tokens} took on this thread's connection.
    # @param _user_identifier [String] the user's email
    # @return [nil]
    def unlock_oauth_tokens(_user_identifier)
      return unless @held

      pool, lock, leased = @held
      @held = nil
      begin
        lock.release
      ensure
        pool.release_connection if leased
      end
      nil
    end

    private

    # Reads bypass Rails' query cache: after taking the lock the engine reads again to see
    # whether another process has refreshed meanwhile, and a cached row would hide that.
    def with_model
      model = self.class.model
      model.connection_pool.with_connection { model.uncached { yield model } }
    end

    def upsert(model, user, attributes)
      attempts = 0
      begin
        model.find_or_initialize_by(user_identifier: user).update!(attributes)
      rescue ActiveRecord::RecordNotUnique
        # Another process inserted the user's first row between our read and our insert.
        attempts += 1
        retry if attempts == 1
        raise
      end
    end

    def to_tokens(row)
      tokens = OAuthClient::ZohoOAuthTokens.new(row.refresh_token, row.access_token, row.expiry_time,
                                                row.user_identifier)
      tokens.api_domain = row.api_domain
      tokens.accounts_server = row.accounts_server
      tokens
    end
  end
end
