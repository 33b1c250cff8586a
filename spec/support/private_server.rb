# frozen_string_literal: true

require 'socket'

module ZCRMSDKSpec
  # What the test run's private database servers (MariaDB, PostgreSQL) share: a free port, a
  # server process that cannot outlive the rspec process, and a bounded stop.
  module PrivateServer
    # Runs "$@" (the server); when stdin reaches EOF (we closed it, or we died), stops it with
    # SIGTERM and, once it is gone, deletes the server's folder.
    WATCHDOG = <<~'SH'
      exec 3<&0
      "$@" </dev/null &
      child=$!
      ( read -r _ <&3
        kill -TERM "$child" 2>/dev/null
        while kill -0 "$child" 2>/dev/null; do sleep 0.2; done
        rm -rf "$ZCRMSDK_SPEC_SERVER_DIR" ) &
      wait "$child"
    SH

    module_function

    def find_tool(*names, dirs: [])
      dirs += ENV.fetch('PATH', '').split(File::PATH_SEPARATOR) + %w[/usr/sbin /usr/local/sbin /usr/bin]
      names.each do |name|
        dirs.each do |dir|
          path = File.join(dir, name)
          return path if File.file?(path) && File.executable?(path)
        end
      end
      nil
    end

    def free_port
      server = TCPServer.new('127.0.0.1', 0)
      server.addr[1]
    ensure
      server&.close
    end

    # Starts `command` under the watchdog, in its own process group; `prefix` (e.g. setpriv to
    # another user) wraps the watchdog itself. Returns [pid, the pipe whose closing stops it].
    def spawn(command, dir:, stderr:, prefix: [])
      reader, stdin = IO.pipe
      pid = Process.spawn({ 'ZCRMSDK_SPEC_SERVER_DIR' => dir }, *prefix, '/bin/sh', '-c', WATCHDOG, 'watchdog',
                          *command, in: reader, out: File::NULL, err: [stderr, 'w'], pgroup: true)
      reader.close
      [pid, stdin]
    end

    # Closes the pipe (the watchdog sends SIGTERM: a clean shutdown) and waits up to `timeout`
    # seconds before killing the whole process group.
    def stop(pid, stdin, timeout:)
      stdin.close unless stdin.closed?
      deadline = Process.clock_gettime(Process::CLOCK_MONOTONIC) + timeout
      until Process.wait(pid, Process::WNOHANG)
        if Process.clock_gettime(Process::CLOCK_MONOTONIC) > deadline
          Process.kill('KILL', -pid)
          Process.wait(pid)
          break
        end
        sleep 0.05
      end
    rescue Errno::ECHILD, Errno::ESRCH
      nil
    end

    # Polls `ready` until it is true; raises with `log_tail` if the server exits or the time runs out.
    def wait_until_ready(pid, name, timeout, log_tail, &ready)
      deadline = Process.clock_gettime(Process::CLOCK_MONOTONIC) + timeout
      loop do
        raise "#{name} exited during startup:\n#{log_tail.call}" if Process.wait(pid, Process::WNOHANG)
        return if ready.call
        if Process.clock_gettime(Process::CLOCK_MONOTONIC) > deadline
          raise "#{name} did not accept connections within #{timeout}s:\n#{log_tail.call}"
        end

        sleep 0.1
      end
    end
  end
end
