# frozen_string_literal: true

require 'etc'
require 'fileutils'
require 'open3'
require 'securerandom'
require 'tmpdir'
require 'uri'
require_relative 'private_server'

module ZCRMSDKSpec
  # A private MariaDB server for the test run: its own data folder under /tmp, its own port on
  # 127.0.0.1, root with a random password. Started on first use (one per rspec process),
  # stopped and deleted at exit. If the rspec process dies hard, the server still stops: it
  # runs under a tiny shell watchdog that kills it when our end of its stdin pipe closes.
  #
  #   server = ZCRMSDKSpec::MariaDB.start   # nil when MariaDB is not installed (raises if CI=true)
  #   server.host, server.port, server.username, server.password
  #   server.zcrm_config                     # => { 'db_username' => 'root', 'db_password' => ..., ... }
  #   server.query('SELECT 1')               # => [["1"]] (through the mariadb command-line client)
  #
  # ZCRMSDK_TEST_MYSQL_URL=mysql://user:pass@host:port uses an existing server instead.
  # Examples tagged `:mysql` get `mysql_server` (and are skipped when there is none).
  module MariaDB
    STARTUP_TIMEOUT = 30 # seconds
    SHUTDOWN_TIMEOUT = 20

    # The server's address and credentials, plus a small SQL helper.
    class Server
      attr_reader :host, :port, :username, :password, :socket, :datadir

      def initialize(host:, port:, username:, password:, socket: nil, datadir: nil, client: nil)
        @host = host
        @port = port
        @username = username
        @password = password
        @socket = socket
        @datadir = datadir
        @client = client || MariaDB.find_tool('mariadb', 'mysql')
      end

      # The ZCRMSDK configuration keys that select MySQL persistence against this server.
      def zcrm_config
        { 'db_username' => username, 'db_password' => password, 'db_port' => port.to_s, 'db_address' => host }
      end

      # Runs SQL with the command-line client over TCP; returns rows as arrays of strings.
      def query(sql, database: nil)
        raise 'no mariadb/mysql command-line client found' unless @client

        args = [@client, '--no-defaults', '--protocol=tcp', "--host=#{host}", "--port=#{port}",
                "--user=#{username}", '--batch', '--skip-column-names']
        args << "--database=#{database}" if database
        out, err, status = Open3.capture3({ 'MYSQL_PWD' => password }, *args, '-e', sql)
        raise "SQL failed (#{status}): #{err.strip}\n#{sql}" unless status.success?

        out.lines.map { |line| line.chomp.split("\t", -1) }
      end
      alias execute query

      def inspect
        "#<#{self.class} #{username}@#{host}:#{port}#{" datadir=#{datadir}" if datadir}>"
      end
    end

    @lock = Mutex.new
    @started = false

    class << self
      attr_reader :unavailable_reason

      # The run's server (started on first call); nil when MariaDB is not installed.
      def start
        @lock.synchronize do
          return @server if @started

          @server = external_server || boot
          @started = true
          @server
        end
      end

      def stop
        @lock.synchronize do
          return unless @owner_pid == Process.pid # never from a forked child

          shutdown
        end
      end

      def find_tool(*names)
        PrivateServer.find_tool(*names)
      end

      private

      def external_server
        url = ENV['ZCRMSDK_TEST_MYSQL_URL'].to_s
        return if url.empty?

        uri = URI(url)
        Server.new(host: uri.host || '127.0.0.1', port: uri.port || 3306,
                   username: URI.decode_www_form_component(uri.user || 'root'),
                   password: URI.decode_www_form_component(uri.password || ''))
      end

      def boot
        mariadbd = find_tool('mariadbd', 'mysqld')
        install_db = find_tool('mariadb-install-db', 'mysql_install_db')
        admin = find_tool('mariadb-admin', 'mysqladmin')
        client = find_tool('mariadb', 'mysql')
        unless mariadbd && install_db && admin && client
          @unavailable_reason = 'MariaDB is not installed (Debian: apt-get install mariadb-server; or run bin/setup)'
          raise "#{@unavailable_reason}; CI must not skip MySQL examples" if ENV['CI'] == 'true'

          return nil
        end

        @dir = Dir.mktmpdir('zcrmsdk-mariadb-')
        @owner_pid = Process.pid
        at_exit { stop }
        datadir = File.join(@dir, 'data')
        install_datadir(install_db, datadir)
        port = spawn_server(mariadbd, datadir)
        wait_until_ready(admin)
        password = SecureRandom.hex(12)
        secure_root(client, password)
        Server.new(host: '127.0.0.1', port: port, username: 'root', password: password,
                   socket: socket_path, datadir: datadir, client: client)
      rescue StandardError
        shutdown
        raise
      end

      def user = Etc.getpwuid(Process.euid).name
      def socket_path = File.join(@dir, 'mysqld.sock')
      def error_log = File.join(@dir, 'error.log')

      def install_datadir(install_db, datadir)
        out, status = Open3.capture2e(install_db, '--no-defaults', "--datadir=#{datadir}", "--user=#{user}",
                                      '--auth-root-authentication-method=normal', '--skip-test-db',
                                      '--skip-name-resolve')
        raise "mariadb-install-db failed (#{status}):\n#{out}" unless status.success?
      end

      # Starts mariadbd under a watchdog shell that kills it once its stdin (our pipe) closes.
      def spawn_server(mariadbd, datadir)
        port = PrivateServer.free_port
        args = [mariadbd, '--no-defaults', "--user=#{user}", "--datadir=#{datadir}",
                "--port=#{port}", '--bind-address=127.0.0.1', '--skip-networking=0',
                "--socket=#{socket_path}", "--pid-file=#{File.join(@dir, 'mysqld.pid')}",
                "--log-error=#{error_log}", '--skip-name-resolve',
                '--innodb-buffer-pool-size=32M', '--character-set-server=utf8mb4',
                '--collation-server=utf8mb4_general_ci']
        @pid, @stdin = PrivateServer.spawn(args, dir: @dir, stderr: File.join(@dir, 'stderr.log'))
        port
      end

      def wait_until_ready(admin)
        PrivateServer.wait_until_ready(@pid, 'mariadbd', STARTUP_TIMEOUT, -> { log_tail }) do
          system(admin, '--no-defaults', "--socket=#{socket_path}", '--user=root', '--connect-timeout=1', 'ping',
                 out: File::NULL, err: File::NULL)
        end
      end

      # root gets a password, and root@127.0.0.1 exists too, so TCP logins with it work whether
      # or not the server resolves 127.0.0.1 to localhost.
      def secure_root(client, password)
        sql = %w[localhost 127.0.0.1 ::1].map do |host|
          "CREATE USER IF NOT EXISTS 'root'@'#{host}' IDENTIFIED BY '#{password}'; " \
            "ALTER USER 'root'@'#{host}' IDENTIFIED BY '#{password}'; " \
            "GRANT ALL PRIVILEGES ON *.* TO 'root'@'#{host}' WITH GRANT OPTION;"
        end.join(' ') + ' FLUSH PRIVILEGES;'
        out, status = Open3.capture2e(client, '--no-defaults', "--socket=#{socket_path}", '--user=root', '-e', sql)
        raise "could not set the MariaDB root password (#{status}):\n#{out}" unless status.success?
      end

      def shutdown
        PrivateServer.stop(@pid, @stdin, timeout: SHUTDOWN_TIMEOUT) if @pid
        @pid = @stdin = nil
        FileUtils.rm_rf(@dir) if @dir
        @dir = nil
      end

      def log_tail
        [error_log, File.join(@dir, 'stderr.log')].select { |f| File.exist?(f) }
                                                    .map { |f| File.readlines(f).last(20).join }.join
      end
    end
  end
end

if defined?(RSpec) && RSpec.respond_to?(:shared_context)
  RSpec.shared_context 'with a private MariaDB server' do
    let(:mysql_server) do
      ZCRMSDKSpec::MariaDB.start || skip(ZCRMSDKSpec::MariaDB.unavailable_reason)
    end

    before { mysql_server }
  end

  RSpec.configure do |config|
    config.include_context 'with a private MariaDB server', :mysql
  end
end
