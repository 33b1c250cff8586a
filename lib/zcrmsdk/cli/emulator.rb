# frozen_string_literal: true

module ZCRMSDK
  class CLI
    # `zcrm emulator`: runs the local Zoho emulator until Ctrl-C or SIGTERM, announcing on
    # stdout, as one line of JSON, its URLs, certificate file and client credentials (for
    # manual testing, or for tests written in other languages).
    class Emulator < Command
      SUMMARY = 'run the local Zoho emulator until Ctrl-C (prints its URLs and credentials as JSON)'
      USAGE = 'zcrm emulator [options]'

      # [flag, argument type, Testing::Emulator.start option, help].
      FLAGS = [
        ['--port N', Integer, :port, 'listen on this port (default: any free one)'],
        ['--user-email EMAIL', String, :user_email, "the signed-in user's email (demo@example.com)"],
        ['--token-ttl SECS', Integer, :access_token_ttl, "an access token's lifetime (3600, as Zoho)"],
        ['--redirect-uri URI', String, :redirect_uri, 'the registered redirect URI (https://www.zoho.com)'],
        ['--refresh-limit N', Integer, :refresh_limit, 'access tokens per refresh token in 10 minutes (10)'],
        ['--grant-limit N', Integer, :grant_limit, 'grant codes per client in 10 minutes (10)'],
        ['--refresh-token-limit N', Integer, :refresh_token_limit, 'grant exchanges per user in 10 minutes (10)'],
        ['--page-limit N', Integer, :page_limit, 'records a module list reaches with page= (2000, as Zoho; 0: none)']
      ].freeze

      def initialize(io, env)
        super
        @start_options = {}
        @seeds = []
      end

      private

      def options(parser)
        FLAGS.each { |flag, type, key, text| parser.on(flag, type, text) { |value| @start_options[key] = value } }
        parser.on('--seed N|MODULE=N', 'create N records in each of Leads, Contacts, Accounts, Deals, or N in',
                  'MODULE only (repeatable: --seed Leads=5000 --seed Deals=10)') { |value| seed_option(value) }
        parser.on('--http', 'serve plain HTTP instead of HTTPS') { @start_options[:tls] = false }
      end

      def seed_option(value)
        case value
        when /\A\d+\z/ then @start_options[:seed_records] = Integer(value)
        when /\A(\w+)=(\d+)\z/ then @seeds << [Regexp.last_match(1), Integer(Regexp.last_match(2))]
        else raise OptionParser::InvalidArgument, "--seed #{value}: give N or MODULE=N (e.g. --seed Leads=500)"
        end
      end

      def execute(args)
        no_more_arguments!(args)
        # The emulator's extension is loaded only for this command (a production install may
        # leave it out: ZCRMSDK_SKIP_TESTING=1).
        require_relative '../testing'
        emulator = Testing::Emulator.start(**@start_options)
        @secrets << emulator.client_secret
        @seeds.each { |module_name, count| emulator.seed(module_name, count) }
        # Traps first: whoever reads the announcement may signal at once.
        signalled = trap_signals
        @io.out.puts(JSON.generate(announcement(emulator)))
        @io.out.flush
        signalled.read(1)
        emulator.stop
        0
      end

      # The emulator's own throwaway credentials: printing them is this command's purpose.
      def announcement(emulator)
        { base_url: emulator.base_url, accounts_url: emulator.accounts_url, api_base_url: emulator.api_base_url,
          ca_file: emulator.ca_file, client_id: emulator.client_id, client_secret: emulator.client_secret,
          user_email: emulator.user_email, grant_token: emulator.grant_token }
      end

      # An IO that becomes readable on INT or TERM.
      def trap_signals
        reader, writer = IO.pipe
        %w[INT TERM].each { |signal| trap(signal) { writer.write_nonblock('.') rescue nil } } # rubocop:disable Style/RescueModifier
        reader
      end
    end
  end
end
