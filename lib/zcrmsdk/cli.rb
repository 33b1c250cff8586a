# frozen_string_literal: true

require 'json'
require 'optparse'
require_relative '../ZCRMSDK'
require_relative 'testing'

module ZCRMSDK
  # `zcrm`: the gem's command line.
  #
  #   zcrm emulator [options]   (zcrm emulator --help lists them)
  #       runs the local Zoho emulator until Ctrl-C; prints one line of JSON with its URLs,
  #       certificate file and client credentials (for manual testing, or for tests written in
  #       other languages)
  #   zcrm version
  class CLI
    USAGE = <<~TEXT
      usage: zcrm emulator [--port N] [--http] [--user-email EMAIL] [--seed N] [--token-ttl SECS]
                           [--redirect-uri URI] [--refresh-limit N] [--grant-limit N]
                           [--refresh-token-limit N] [--help]
             zcrm version
    TEXT

    # `zcrm emulator`'s flags: [flag, argument type, Testing::Emulator.start option, help].
    EMULATOR_FLAGS = [
      ['--port N', Integer, :port, 'listen on this port (default: any free one)'],
      ['--user-email EMAIL', String, :user_email, "the signed-in user's email (demo@example.com)"],
      ['--seed N', Integer, :seed_records, 'create N records in each of Leads, Contacts, Accounts, Deals'],
      ['--token-ttl SECS', Integer, :access_token_ttl, "an access token's lifetime (3600, as Zoho)"],
      ['--redirect-uri URI', String, :redirect_uri, 'the registered redirect URI (https://www.zoho.com)'],
      ['--refresh-limit N', Integer, :refresh_limit, 'access tokens per refresh token in 10 minutes (10)'],
      ['--grant-limit N', Integer, :grant_limit, 'grant codes per client in 10 minutes (10)'],
      ['--refresh-token-limit N', Integer, :refresh_token_limit, 'grant exchanges per user in 10 minutes (10)']
    ].freeze

    def initialize(out, err)
      @out = out
      @err = err
    end

    # Returns the exit status.
    def run(argv)
      command, *rest = argv
      case command
      when 'emulator' then emulator(rest)
      when 'version', '--version', '-v' then version
      else usage_error(command ? "unknown command '#{command}'" : 'a command is required')
      end
    rescue OptionParser::ParseError => e
      usage_error(e.message)
    end

    private

    def version
      @out.puts("ZCRMSDK #{ZCRMSDK::VERSION}")
      0
    end

    def emulator(args)
      options = emulator_options(args)
      return 0 if options.nil?

      emulator = Testing::Emulator.start(**options)
      @out.puts(JSON.generate(describe(emulator)))
      @out.flush
      wait_for_signal
      emulator.stop
      0
    end

    # The options for Testing::Emulator.start; nil after --help (printed).
    def emulator_options(args)
      options = {}
      help = false
      parser = OptionParser.new do |p|
        p.banner = 'usage: zcrm emulator [options]'
        EMULATOR_FLAGS.each { |flag, type, key, text| p.on(flag, type, text) { |value| options[key] = value } }
        p.on('--http', 'serve plain HTTP instead of HTTPS') { options[:tls] = false }
        p.on('-h', '--help', 'show this help') { help = true }
      end
      parser.parse!(args)
      raise OptionParser::InvalidArgument, "unexpected '#{args.first}'" unless args.empty?
      return options unless help

      @out.puts(parser.help)
      nil
    end

    def describe(emulator)
      { base_url: emulator.base_url, accounts_url: emulator.accounts_url, api_base_url: emulator.api_base_url,
        ca_file: emulator.ca_file, client_id: emulator.client_id, client_secret: emulator.client_secret,
        user_email: emulator.user_email, grant_token: emulator.grant_token }
    end

    def wait_for_signal
      reader, writer = IO.pipe
      %w[INT TERM].each { |signal| trap(signal) { writer.write_nonblock('.') rescue nil } } # rubocop:disable Style/RescueModifier
      reader.read(1)
    end

    def usage_error(message)
      @err.puts("zcrm: #{message}", USAGE)
      2
    end
  end
end
