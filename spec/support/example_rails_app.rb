# frozen_string_literal: true

require 'fileutils'
require 'open3'
require 'rbconfig'
require 'securerandom'
require 'socket'
require 'tmpdir'

module ZCRMSDKSpec
  # examples/rails, copied to a scratch folder and run in production the way its README says:
  # `bundle install --local`, `bin/rails db:migrate`, `bin/rails zoho:connect`, then
  # `bundle exec puma -C config/puma.rb` (cluster mode). `env` (the ZOHO_* variables) goes to
  # every command. Nothing is written to the checkout.
  #
  #   app = ExampleRailsApp.new('ZOHO_CLIENT_ID' => ..., ...)
  #   app.rails!('db:migrate')
  #   app.start_puma           # returns once every worker has booted
  #   app.url                  # http://127.0.0.1:PORT
  #   app.stop_puma
  #   app.log                  # log/production.log
  #   app.remove
  class ExampleRailsApp
    SOURCE = File.expand_path('../../examples/rails', __dir__)
    GEM_ROOT = File.expand_path('../..', __dir__)
    # What the app's .gitignore leaves out: state of earlier runs by hand.
    LEFT_OUT = %r{\A(Gemfile\.lock|db/.*\.(sqlite3|sqlite3-.*|lock)|log/.+\.log|tmp/.+)\z}
    BOOT_TIMEOUT = 60 # seconds
    STOP_TIMEOUT = 20 # seconds
    WORKERS = 2

    attr_reader :root, :port

    def initialize(env)
      @root = Dir.mktmpdir('example-rails-app-')
      copy_source
      @port = free_port
      @env = inherited_settings_cleared.merge(
        'RAILS_ENV' => 'production', 'SECRET_KEY_BASE' => SecureRandom.hex(64), 'PORT' => port.to_s,
        'WEB_CONCURRENCY' => WORKERS.to_s, 'RAILS_MAX_THREADS' => '5', 'ZCRMSDK_GEM_PATH' => GEM_ROOT,
        'BUNDLE_GEMFILE' => path('Gemfile'), 'RUBYOPT' => nil, 'RUBYLIB' => nil
      ).merge(env)
      run!('bundle', 'install', '--local', '--quiet')
    end

    def path(relative) = File.join(root, relative)
    def url = "http://127.0.0.1:#{port}"
    def log = File.exist?(path('log/production.log')) ? File.read(path('log/production.log')) : ''

    # `bin/rails *args`; returns its output, raises with it when the command fails.
    def rails!(*args, env: {})
      run!(RbConfig.ruby, 'bin/rails', *args, env: env)
    end

    def start_puma
      @puma_output = path('log/puma.log')
      @puma = Process.spawn(@env, 'bundle', 'exec', 'puma', '-C', 'config/puma.rb',
                            chdir: root, in: File::NULL, out: [@puma_output, 'a'], err: [:child, :out], pgroup: true)
      wait_for_workers
    end

    # Puma's master stops its workers, which finish their requests and flush their logs.
    def stop_puma
      return unless @puma

      Process.kill('TERM', @puma)
      deadline = now + STOP_TIMEOUT
      sleep 0.05 until Process.wait(@puma, Process::WNOHANG) || now > deadline
      return unless now > deadline

      Process.kill('KILL', -@puma) # the whole group: master and workers
      Process.wait(@puma)
    rescue Errno::ESRCH, Errno::ECHILD
      nil
    ensure
      @puma = nil
    end

    def puma_output = File.exist?(@puma_output.to_s) ? File.read(@puma_output) : ''

    def remove
      stop_puma
      FileUtils.rm_rf(root)
    end

    private

    def copy_source
      Dir.glob('**/*', File::FNM_DOTMATCH, base: SOURCE).each do |relative|
        source = File.join(SOURCE, relative)
        next if File.directory?(source) || relative.match?(LEFT_OUT)

        FileUtils.mkdir_p(File.dirname(path(relative)))
        FileUtils.cp(source, path(relative), preserve: true)
      end
    end

    # Settings of the shell running the suite that would send the app elsewhere: a ZOHO_*
    # variable (another token file, real Zoho), DATABASE_URL, Bundler's options.
    def inherited_settings_cleared
      ENV.keys.grep(/\A(ZOHO_|BUNDLE_|DATABASE_URL\z|RAILS_|RACK_ENV\z)/).to_h { |name| [name, nil] }
    end

    def run!(*command, env: {})
      output, status = Open3.capture2e(@env.merge(env), *command, chdir: root)
      raise "`#{command.join(' ')}` failed in #{root}:\n#{output}" unless status.success?

      output
    end

    # Polls Puma's own output (it says when each worker has booted), up to BOOT_TIMEOUT.
    def wait_for_workers
      deadline = now + BOOT_TIMEOUT
      until puma_output.scan(/Worker \d+ \(PID: \d+\) booted/).size >= WORKERS
        raise "the example app exited while booting:\n#{puma_output}\n#{log}" if Process.wait(@puma, Process::WNOHANG)
        raise "the example app's workers did not boot within #{BOOT_TIMEOUT}s:\n#{puma_output}\n#{log}" if now > deadline

        sleep 0.1
      end
    end

    def free_port
      TCPServer.open('127.0.0.1', 0) { |server| server.addr[1] }
    end

    def now = Process.clock_gettime(Process::CLOCK_MONOTONIC)
  end
end
