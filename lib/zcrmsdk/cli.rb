# frozen_string_literal: true

require 'optparse'
require_relative '../ZCRMSDK'
require_relative 'cli/errors'
require_relative 'cli/command'
require_relative 'cli/auth'
require_relative 'cli/whoami'
require_relative 'cli/records'
require_relative 'cli/query'
require_relative 'cli/import'
require_relative 'cli/emulator'

module ZCRMSDK
  # `zcrm`, the gem's command line. This class only dispatches: it picks the command (one
  # class per command under cli/), runs it, and turns what went wrong into one line on stderr
  # and an exit status. Messages pass through Secrets.filter_text with the command's own
  # secrets, so no client secret or token reaches the terminal, even in an error.
  #
  # @api private
  class CLI
    COMMANDS = { 'auth' => Auth, 'whoami' => Whoami, 'records' => Records, 'query' => Query,
                 'import' => Import, 'emulator' => Emulator }.freeze

    # The exit statuses, as `zcrm --help` and the README list them.
    EXIT_STATUSES = {
      0 => 'success',
      1 => 'failure: Zoho refused or could not be reached, or the output could not be written',
      2 => 'usage error: unknown command or option, missing argument',
      3 => 'configuration error: a setting is missing or wrong, or no tokens are stored (run zcrm auth)',
      130 => 'interrupted (Ctrl-C); what was exported so far is kept (143: SIGTERM)',
      141 => 'the reader of the output went away (zcrm records Leads | head); nothing is printed'
    }.freeze

    # io: out, err and in (defaults: the process's); env: where ZOHO_* settings are read.
    def initialize(out = $stdout, err = $stderr, input = $stdin, env: ENV)
      @io = IOs.new(out, err, input)
      @env = env
    end

    # Runs `argv` (without the program name); returns the exit status.
    def run(argv)
      name, *args = argv
      case name
      when nil then usage_error('a command is required')
      when 'help', '--help', '-h' then help(args.first)
      when 'version', '--version', '-v' then version
      else run_command(name, args)
      end
    end

    private

    IOs = Struct.new(:out, :err, :in)
    private_constant :IOs

    def run_command(name, args)
      klass = COMMANDS.fetch(name) { return usage_error("unknown command '#{name}'") }
      command = klass.new(@io, @env)
      command.run(args)
    rescue StandardError, SignalException => e
      fail_with(e, name, command)
    end

    def fail_with(error, name, command)
      status = exit_status(error)
      return status if status == 141 # a closed pipe (`zcrm records Leads | head`): nothing to say

      message = Secrets.filter_text(error.message, command&.secrets || [])
      @io.err.puts("zcrm #{name}: #{message}") unless error.is_a?(SignalException)
      hint = hint_for(error, name)
      @io.err.puts(hint) if hint
      status
    end

    def hint_for(error, name)
      case error
      when UsageError, OptionParser::ParseError then "Run 'zcrm #{name} --help' for its options."
      when TokensNotFoundError then 'On the command line: zcrm auth GRANT_TOKEN, or zcrm auth --web (see zcrm auth --help).'
      when ConfigurationError then setting_hint(error.key)
      end
    end

    def setting_hint(key)
      return unless Settings.known?(key.to_s)

      "Settings come from flags, ZOHO_#{key.upcase} or #{Settings::DEFAULT_FILE} (see zcrm --help)."
    end

    def exit_status(error)
      case error
      when UsageError, OptionParser::ParseError then 2
      when ConfigError, ConfigurationError, TokensNotFoundError then 3
      when SignalException then 128 + error.signo
      when Errno::EPIPE then 141
      when ZCRMSDK::Error, SystemCallError, IOError then 1
      else raise error # a bug: let Ruby print the backtrace
      end
    end

    def help(command_name)
      return run_command(command_name, ['--help']) if command_name

      @io.out.puts(overview)
      0
    end

    def overview
      commands = COMMANDS.map { |name, klass| format('  %-10s %s', name, klass::SUMMARY) }
      statuses = EXIT_STATUSES.map { |code, meaning| format('  %-4d %s', code, meaning) }
      <<~TEXT
        usage: zcrm COMMAND [options]     (zcrm COMMAND --help for a command's options)

        Commands:
        #{commands.join("\n")}
          version    print the gem's version

        Settings (the keys of ZCRMRestClient.init), highest precedence first: the command's
        flags, ZOHO_<KEY> environment variables (ZOHO_CLIENT_ID, ZOHO_CLIENT_SECRET,
        ZOHO_CURRENT_USER_EMAIL, ZOHO_ACCOUNTS_URL, ...), then a YAML or JSON file with the
        same keys (--config FILE, else ./#{Settings::DEFAULT_FILE} when present).

        Exit statuses:
        #{statuses.join("\n")}
      TEXT
    end

    def version
      @io.out.puts("ZCRMSDK #{ZCRMSDK::VERSION}")
      0
    end

    def usage_error(message)
      @io.err.puts("zcrm: #{message}", overview)
      2
    end
  end
end
