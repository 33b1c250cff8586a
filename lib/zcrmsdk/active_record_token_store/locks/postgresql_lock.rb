# frozen_string_literal: true

module ZCRMSDK
  class ActiveRecordTokenStore
    module Locks
      # PostgreSQL session-level advisory locks (per database), keyed by a 64-bit digest.
      # pg_advisory_lock would wait forever, and `lock_timeout` would abort the app's
      # transaction when it fires, so the wait is a pg_try_advisory_lock loop with a deadline.
      # The lock also ends with the session, so a crashed process never leaves it behind.
      class PostgreSQLLock
        POLL_INTERVAL = 0.02 # seconds

        def initialize(connection, user)
          @connection = connection
          @user = user
          @key = Locks.digest(user).unpack1('q>')
        end

        def acquire(timeout)
          deadline = Process.clock_gettime(Process::CLOCK_MONOTONIC) + timeout
          until @connection.select_value("SELECT pg_try_advisory_lock(#{@key})")
            if Process.clock_gettime(Process::CLOCK_MONOTONIC) >= deadline
              raise Locks.timeout_error(@user, timeout, "PostgreSQL advisory lock #{@key}")
            end

            sleep POLL_INTERVAL
          end
        end

        def release
          @connection.select_value("SELECT pg_advisory_unlock(#{@key})")
        end
      end
    end
  end
end
