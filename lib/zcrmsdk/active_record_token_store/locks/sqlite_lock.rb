# frozen_string_literal: true

require 'fileutils'

module ZCRMSDK
  class ActiveRecordTokenStore
    module Locks
      # SQLite has no named locks, so the lock is an exclusive flock(2) on a file beside the
      # database (`<database>.zcrmsdk-locks/<digest of the user>`), rather than
      # BEGIN IMMEDIATE held through the refresh: that would hold the whole database's write
      # lock while Zoho answers, so the app's own writes would stall and fail with
      # SQLITE_BUSY, and the token write would have to use the very connection that holds the
      # transaction. flock is taken per open file, so it excludes other threads of this
      # process (each lock opens the file itself) as well as other processes, and the kernel
      # drops it when a process dies. One file per user keeps refreshes of different users
      # apart, and lets a refresh of one user happen inside another's.
      class SQLiteLock
        POLL_INTERVAL = 0.01 # seconds

        # An in-memory or temporary database belongs to one connection of one process: the
        # engine's in-process single flight is all the locking it needs.
        def self.for(connection, user)
          path = database_file(connection)
          path ? new(path, user) : NoLock.new
        end

        # The file SQLite itself has open, however the app's configuration spelled its path.
        def self.database_file(connection)
          main = connection.select_rows('PRAGMA database_list').find { |row| row[1] == 'main' }
          file = main && main[2].to_s
          file unless file.nil? || file.empty?
        end

        def initialize(database_file, user)
          @user = user
          @path = File.join("#{database_file}.zcrmsdk-locks", Locks.digest(user).unpack1('H32'))
        end

        def acquire(timeout)
          FileUtils.mkdir_p(File.dirname(@path))
          @file = File.open(@path, File::RDWR | File::CREAT, 0o600)
          deadline = Process.clock_gettime(Process::CLOCK_MONOTONIC) + timeout
          until @file.flock(File::LOCK_EX | File::LOCK_NB)
            if Process.clock_gettime(Process::CLOCK_MONOTONIC) >= deadline
              release
              raise Locks.timeout_error(@user, timeout, "lock file #{@path}")
            end

            sleep POLL_INTERVAL
          end
        end

        # Closing the file releases the flock.
        def release
          @file&.close
          @file = nil
        end
      end

      # See SQLiteLock.for.
      class NoLock
        def acquire(_timeout); end
        def release; end
      end
    end
  end
end
