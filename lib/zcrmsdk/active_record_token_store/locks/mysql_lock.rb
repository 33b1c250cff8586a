# frozen_string_literal: true

module ZCRMSDK
  class ActiveRecordTokenStore
    module Locks
      # MySQL/MariaDB named locks: GET_LOCK waits up to its own timeout on the server, and the
      # lock belongs to the connection's session (it also ends if the connection dies, so a
      # crashed process never leaves it behind). Names are server-wide, hence the database in
      # the digest; at most 64 characters, hence the digest.
      class MySQLLock
        def initialize(connection, user)
          @connection = connection
          @user = user
          @name = "zcrmsdk:#{Locks.digest(connection.current_database, user).unpack1('H40')}"
        end

        def acquire(timeout)
          got = @connection.select_value("SELECT GET_LOCK(#{@connection.quote(@name)}, #{timeout.ceil.to_i})")
          raise Locks.timeout_error(@user, timeout, "MySQL GET_LOCK('#{@name}')") unless got.to_i == 1
        end

        def release
          @connection.select_value("SELECT RELEASE_LOCK(#{@connection.quote(@name)})")
        end
      end
    end
  end
end
