# frozen_string_literal: true

require 'etc'
require 'fileutils'
require 'open3'
require 'securerandom'
require 'tmpdir'
require_relative 'private_server'

module ZCRMSDKSpec
  # A private PostgreSQL server for the test run, like the MariaDB one: its own data folder
  # under /tmp, its own port on 127.0.0.1, the `postgres` superuser with a random password
  # over TCP. Started on first use, stopped and deleted at exit (or when rspec dies: the
  # watchdog). PostgreSQL refuses to run as root, so as root (CI) the server runs as the
  # `postgres` system user that Debian's package creates, through setpriv.
  #
  #   server = ZCRMSDKSpec::PostgreSQL.start  # nil when PostgreSQL is not installed (raises if CI=true)
  #   server.active_record_config             # => { adapter: 'postgresql', host: ..., port: ..., ... }
  module PostgreSQL
    STARTUP_TIMEOUT = 30 # seconds
    SHUTDOWN_TIMEOUT = 20
    SYSTEM_USER = 'postgres'

    Server = Struct.new(:host, :port, :username, :password, :database, keyword_init: true) do
      def active_record_config
        { adapter: 'postgresql', host: host, port: port, username: username, password: password, database: database }
      end
    end

    @lock = Mutex.new
    @started = false

    class << self
      attr_reader :unavailable_reason

      def start
        @lock.synchronize do
          return @server if @started

          @server = boot
          @started = true
          @server
        end
      end

      def stop
        @lock.synchronize { shutdown if @owner_pid == Process.pid } # never from a forked child
      end

      private

      def boot
        bindir = Dir['/usr/lib/postgresql/*/bin'].max_by { |dir| dir[/\d+/].to_i }
        tools = %w[initdb postgres pg_isready].to_h { |name| [name, PrivateServer.find_tool(name, dirs: [bindir].compact)] }
        if tools.value?(nil)
          return unavailable('PostgreSQL is not installed (Debian: apt-get install postgresql; or run bin/setup)')
        end
        return unavailable("running as root, PostgreSQL needs the '#{SYSTEM_USER}' system user") if root? && !system_user

        @dir = Dir.mktmpdir('zcrmsdk-postgresql-')
        @owner_pid = Process.pid
        at_exit { stop }
        FileUtils.chown(SYSTEM_USER, nil, @dir) if root?
        password = SecureRandom.hex(12)
        init_datadir(tools['initdb'], password)
        port = PrivateServer.free_port
        @pid, @stdin = PrivateServer.spawn(server_command(tools['postgres'], port), dir: @dir, stderr: log_path,
                                           prefix: as_server_user)
        PrivateServer.wait_until_ready(@pid, 'postgres', STARTUP_TIMEOUT, -> { log_tail }) do
          system(tools['pg_isready'], '-q', '-h', '127.0.0.1', '-p', port.to_s, out: File::NULL, err: File::NULL)
        end
        Server.new(host: '127.0.0.1', port: port, username: 'postgres', password: password, database: 'postgres')
      rescue StandardError
        shutdown
        raise
      end

      def unavailable(reason)
        @unavailable_reason = reason
        raise "#{reason}; CI must not skip PostgreSQL examples" if ENV['CI'] == 'true'

        nil
      end

      def root? = Process.euid.zero?
      def datadir = File.join(@dir, 'data')
      def log_path = File.join(@dir, 'server.log')

      def system_user
        Etc.getpwnam(SYSTEM_USER)
      rescue ArgumentError
        nil
      end

      # As root, commands run as the postgres user (setpriv execs in place: signals reach the server).
      def as_server_user
        root? ? ['setpriv', "--reuid=#{SYSTEM_USER}", "--regid=#{system_user.gid}", '--init-groups'] : []
      end

      def init_datadir(initdb, password)
        pwfile = File.join(@dir, 'pwfile')
        File.write(pwfile, password)
        FileUtils.chown(SYSTEM_USER, nil, pwfile) if root?
        out, status = Open3.capture2e(*as_server_user, initdb, '-D', datadir, '-U', 'postgres', "--pwfile=#{pwfile}",
                                      '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--no-sync',
                                      '--no-instructions', chdir: @dir)
        raise "initdb failed (#{status}):\n#{out}" unless status.success?
      ensure
        File.delete(pwfile) if pwfile && File.exist?(pwfile)
      end

      def server_command(postgres, port)
        [postgres, '-D', datadir, '-p', port.to_s, '-k', @dir, '-c', 'listen_addresses=127.0.0.1',
         '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off',
         '-c', 'shared_buffers=16MB', '-c', 'max_connections=200']
      end

      def log_tail
        File.exist?(log_path) ? File.readlines(log_path).last(20).join : ''
      end

      def shutdown
        PrivateServer.stop(@pid, @stdin, timeout: SHUTDOWN_TIMEOUT) if @pid
        @pid = @stdin = nil
        FileUtils.rm_rf(@dir) if @dir
        @dir = nil
      end
    end
  end
end

if defined?(RSpec) && RSpec.respond_to?(:shared_context)
  RSpec.shared_context 'with a private PostgreSQL server' do
    let(:postgresql_server) do
      ZCRMSDKSpec::PostgreSQL.start || skip(ZCRMSDKSpec::PostgreSQL.unavailable_reason)
    end

    before { postgresql_server }
  end

  RSpec.configure do |config|
    config.include_context 'with a private PostgreSQL server', :postgresql
  end
end
