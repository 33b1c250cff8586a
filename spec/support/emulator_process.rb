# frozen_string_literal: true

require 'json'
require 'net/http'
require 'open3'
require 'openssl'
require 'rbconfig'
require 'timeout'
require 'tmpdir'
require 'fileutils'
require 'uri'

module ZCRMSDKSpec
  # The local Zoho emulator (crates/zcrm-emulator) as a child process, for specs that must talk
  # to it from outside this Ruby process (an installed gem, a forked worker, ...).
  #
  #   emu = ZCRMSDKSpec::EmulatorProcess.start            # HTTPS on a free loopback port
  #   emu.accounts_url, emu.api_base_url, emu.ca_file, emu.client_id, emu.user_email, ...
  #   code = emu.grant                                    # a fresh grant token
  #   emu.stats                                           # GET /_emulator/stats as a Hash
  #   emu.stop
  #
  # The binary is built once per process with `cargo build -p zcrm-emulator` (in
  # CARGO_TARGET_DIR or the repository's target/); ZCRMSDK_EMULATOR_BIN=path skips the build.
  # The emulator stops when its stdin closes, so it never outlives the spec process.
  class EmulatorProcess
    ROOT = File.expand_path('../..', __dir__)
    STARTUP_TIMEOUT = 60 # seconds; a cold debug build is not part of it
    FIELDS = %w[base_url accounts_url api_base_url ca_file client_id client_secret user_email].freeze

    attr_reader(*FIELDS.map(&:to_sym), :pid, :dir)

    @build_lock = Mutex.new
    @running = []

    class << self
      def start(extra_args = [])
        new(binary, Array(extra_args)).tap { |emulator| @running << emulator }
      end

      def binary
        @build_lock.synchronize { @binary ||= ENV['ZCRMSDK_EMULATOR_BIN'] || build }
      end

      def target_dir
        ENV.fetch('CARGO_TARGET_DIR') { File.join(ROOT, 'target') }
      end

      def stop_all
        @running.each(&:stop)
        @running.clear
      end

      private

      def build
        cargo = ENV['CARGO'] || ([File.join(Dir.home, '.cargo', 'bin', 'cargo')].find { |f| File.executable?(f) } || 'cargo')
        cmd = [cargo, 'build', '--locked', '--quiet', '-p', 'zcrm-emulator', '--bin', 'zcrm-emulator',
               '--target-dir', target_dir]
        output, status = Open3.capture2e(*cmd, chdir: ROOT)
        raise "could not build the emulator (#{cmd.join(' ')}):\n#{output}" unless status.success?

        File.join(target_dir, 'debug', 'zcrm-emulator')
      end
    end

    def initialize(binary, extra_args)
      @owner_pid = Process.pid
      @dir = Dir.mktmpdir('zcrm-emulator-')
      @log = File.join(@dir, 'emulator.log')
      stdin_reader, @stdin = IO.pipe
      stdout_reader, stdout_writer = IO.pipe
      @pid = Process.spawn(binary, '--port', '0', '--ca-out', File.join(@dir, 'ca.pem'), *extra_args,
                           in: stdin_reader, out: stdout_writer, err: [@log, 'w'], pgroup: true)
      stdin_reader.close
      stdout_writer.close
      announce = read_announcement(stdout_reader)
      FIELDS.each { |field| instance_variable_set(:"@#{field}", announce[field]) }
      # Keep draining stdout so the emulator never blocks on a full pipe.
      @drain = Thread.new do
        IO.copy_stream(stdout_reader, File::NULL)
      rescue IOError
        nil
      end
    rescue StandardError
      stop
      raise
    end

    # A grant token from POST /_emulator/grants (for the emulator's user unless `email` is given).
    def grant(email = nil)
      body = email ? { 'email' => email } : {}
      admin(:post, 'grants', body).fetch('code')
    end

    def stats = admin(:get, 'stats')
    def requests = admin(:get, 'requests')
    def reset = admin(:post, 'reset')
    def expire_access_tokens = admin(:post, 'expire_access_tokens')
    def add_fault(spec) = admin(:post, 'faults', spec)
    def clear_faults = admin(:delete, 'faults')

    # The settings that point ZCRMSDK 1.0-style code at this emulator.
    def zcrm_config(**extra)
      { 'client_id' => client_id, 'client_secret' => client_secret, 'redirect_uri' => 'https://www.zoho.com',
        'accounts_url' => accounts_url, 'api_base_url' => api_base_url, 'current_user_email' => user_email,
        'ca_file' => ca_file }.compact.merge(extra.transform_keys(&:to_s))
    end

    # Any admin call: `admin(:post, 'faults', {...})` -> parsed JSON.
    def admin(method, path, body = nil)
      uri = URI.join(base_url.end_with?('/') ? base_url : "#{base_url}/", "_emulator/#{path}")
      request = Net::HTTP.const_get(method.to_s.capitalize).new(uri)
      if body
        request['Content-Type'] = 'application/json'
        request.body = JSON.generate(body)
      end
      response = http(uri) { |h| h.request(request) }
      unless response.is_a?(Net::HTTPSuccess)
        raise "emulator #{method.upcase} #{uri.path}: HTTP #{response.code} #{response.body}"
      end

      response.body.to_s.empty? ? {} : JSON.parse(response.body)
    end

    def running?
      return false unless @pid

      Process.wait(@pid, Process::WNOHANG).nil?
    rescue Errno::ECHILD
      false
    end

    def log = File.exist?(@log.to_s) ? File.read(@log) : ''

    def stop
      return unless @owner_pid == Process.pid

      @stdin.close if @stdin && !@stdin.closed? # the emulator exits when its stdin closes
      reap if @pid
      @pid = nil
      @drain&.join(1)
      FileUtils.rm_rf(@dir) if @dir
      @dir = nil
    end

    def inspect
      "#<#{self.class} #{base_url} pid=#{@pid.inspect}>"
    end

    private

    def read_announcement(io)
      line = Timeout.timeout(STARTUP_TIMEOUT) { io.gets }
      raise "zcrm-emulator exited before announcing itself:\n#{log}" if line.nil?

      announce = JSON.parse(line)
      missing = FIELDS - announce.keys - ['ca_file']
      raise "zcrm-emulator announcement lacks #{missing.join(', ')}: #{line}" unless missing.empty?

      announce
    rescue Timeout::Error
      raise "zcrm-emulator did not announce itself within #{STARTUP_TIMEOUT}s:\n#{log}"
    rescue JSON::ParserError
      raise "zcrm-emulator printed something other than JSON: #{line.inspect}\n#{log}"
    end

    def http(uri, &block)
      options = { use_ssl: uri.scheme == 'https', open_timeout: 5, read_timeout: 30 }
      options.merge!(ca_file: ca_file, verify_mode: OpenSSL::SSL::VERIFY_PEER) if ca_file
      Net::HTTP.start(uri.host, uri.port, **options, &block)
    end

    def reap
      [[10, nil], [5, 'TERM'], [5, 'KILL']].each do |seconds, signal|
        Process.kill(signal, @pid) if signal
        deadline = Process.clock_gettime(Process::CLOCK_MONOTONIC) + seconds
        until Process.clock_gettime(Process::CLOCK_MONOTONIC) > deadline
          return if Process.wait(@pid, Process::WNOHANG)

          sleep 0.02
        end
      end
    rescue Errno::ECHILD, Errno::ESRCH
      nil
    end
  end
end

at_exit { ZCRMSDKSpec::EmulatorProcess.stop_all }
