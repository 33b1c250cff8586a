# frozen_string_literal: true

require 'logger'
require_relative 'settings'

module ZCRMSDK
  class CLI
    # What every command shares: its OptionParser (with -h/--help), its streams, and the
    # secrets it must never print. A command defines SUMMARY, USAGE, `options(parser)` and
    # `execute(args)` (returns the exit status).
    class Command
      attr_reader :secrets

      def initialize(io, env)
        @io = io
        @env = env
        @secrets = []
      end

      def run(argv)
        args = argv.dup
        help = false
        parser = OptionParser.new do |p|
          p.banner = "usage: #{self.class::USAGE}\n\n#{self.class::SUMMARY}\n"
          options(p)
          p.separator('')
          p.on('-h', '--help', 'show this help') { help = true }
        end
        parser.parse!(args)
        return show(parser.help) if help

        execute(args)
      end

      private

      def options(parser); end

      def show(text)
        @io.out.puts(text)
        0
      end

      def no_more_arguments!(args)
        raise UsageError, "unexpected argument '#{args.first}'" unless args.empty?
      end
    end

    # A command that talks to Zoho: the settings flags, and `connect!`, which initialises the
    # gem (ZCRMRestClient.init) from the flags, the environment and the configuration file.
    class ZohoCommand < Command
      def initialize(io, env)
        super
        @flags = {}
        @config_file = nil
        @verbose = false
      end

      private

      def options(parser)
        parser.separator('')
        parser.separator('Settings (flags win over ZOHO_* variables, which win over the configuration file):')
        parser.on('--config FILE', "a YAML or JSON file of settings (default: ./#{Settings::DEFAULT_FILE} if present)") do |file|
          @config_file = file
        end
        Settings::FLAGS.each { |flag, key, text| parser.on(flag, text) { |value| @flags[key] = value } }
        parser.on('--set KEY=VALUE', 'any other setting, e.g. --set timeout=120 (not secrets: those go in',
                  'ZOHO_CLIENT_SECRET or the file, out of your shell history)') { |pair| set(pair) }
        parser.on('--verbose', 'print where each setting came from and each HTTP request, on stderr') { @verbose = true }
      end

      def set(pair)
        key, value = pair.split('=', 2)
        raise UsageError, "--set takes KEY=VALUE, got '#{pair}'" if value.nil? || key.empty?

        raise UsageError, "--set: unknown setting '#{key}' (known: #{Settings::KEYS.join(', ')})" unless Settings.known?(key)

        @flags[key] = Settings.refuse_secret_flag!(key, value)
      end

      # Initialises the gem; `overrides` (e.g. the loopback redirect URI) win over everything.
      def connect!(overrides = {})
        settings = Settings.new(flags: @flags.merge(overrides), env: @env, file: @config_file)
        @secrets.concat(settings.secret_values)
        settings.describe.each { |line| @io.err.puts("zcrm: #{line}") } if @verbose
        config = settings.to_h
        config['logger'] = verbose_logger if @verbose
        RestClient::ZCRMRestClient.init(config)
        @settings = config
      end

      def verbose_logger
        logger = Logger.new(@io.err)
        logger.formatter = ->(severity, _time, _name, message) { "zcrm: #{severity} #{message}\n" }
        logger
      end

      # The user API calls act as; a ConfigError saying how to set it when none is.
      def current_user!
        email = RestClient::ZCRMRestClient.current_user_email
        return email unless email.nil? || email.empty?

        raise ConfigError, 'no user to act as: pass --user EMAIL or set ZOHO_CURRENT_USER_EMAIL ' \
                           '(zcrm auth prints the email it stored tokens for)'
      end
    end
  end
end
