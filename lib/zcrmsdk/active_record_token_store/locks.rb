# frozen_string_literal: true

require 'digest'
require_relative 'locks/mysql_lock'
require_relative 'locks/postgresql_lock'
require_relative 'locks/sqlite_lock'

module ZCRMSDK
  class ActiveRecordTokenStore
    # One refresh lock per user and database, held by one process at a time, whichever of the
    # app's processes and threads asks. Each lock takes `acquire(timeout_seconds)` (raising
    # LockTimeoutError past it) and `release`.
    #
    # @api private
    module Locks
      ADAPTERS = { /mysql|maria|trilogy/i => :mysql, /postg/i => :postgresql, /sqlite/i => :sqlite }.freeze

      def self.for(connection, user)
        case ADAPTERS.find { |pattern, _| pattern.match?(connection.adapter_name) }&.last
        when :mysql then MySQLLock.new(connection, user)
        when :postgresql then PostgreSQLLock.new(connection, user)
        when :sqlite then SQLiteLock.for(connection, user)
        else
          raise ConfigurationError.new('lock_oauth_tokens',
                                       'ZCRMSDK::ActiveRecordTokenStore can lock token refreshes across processes on ' \
                                       "MySQL/MariaDB, PostgreSQL and SQLite, not on #{connection.adapter_name}: " \
                                       'use one of those for its model, or another token store',
                                       'token_store', 'error')
        end
      end

      # A stable digest of what the lock protects, to name it.
      def self.digest(*parts)
        Digest::SHA256.digest(['zcrmsdk_oauth_tokens', *parts].join("\0"))
      end

      def self.timeout_error(user, timeout, what)
        LockTimeoutError.new("could not take the token-refresh lock for #{user} (#{what}) within #{timeout}s: another process " \
                             'or thread has held it longer, refreshing the same user. Raise ' \
                             'ZCRMSDK::ActiveRecordTokenStore.lock_timeout if refreshes are that slow.')
      end
    end
  end
end
