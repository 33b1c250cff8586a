# frozen_string_literal: true

require 'json'
require 'optparse'
require_relative '../ZCRMSDK'
require_relative 'testing'

module ZCRMSDK
  # `zcrm`: the gem's command line.
  #
  #   zcrm emulator [--port N] [--http] [--user-email E] [--seed N]
  #       runs the local Zoho emulator until Ctrl-C; prints one line of JSON with its URLs,
  #       certificate file and client credentials (for manual testing, or for tests written in
  #       other languages)
  #   zcrm version
  class CLI
    USAGE = <<~TEXT
      usage: zcrm emulator [--port N] [--http] [--user-email EMAIL] [--seed N]
             zcrm version
    TEXT

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
      emulator = Testing::Emulator.start(**emulator_options(args))
      @out.puts(JSON.generate(describe(emulator)))
      @out.flush
      wait_for_signal
      emulator.stop
      0
    end

    def emulator_options(args)
      options = {}
      OptionParser.new do |parser|
        parser.on('--port N', Integer) { |n| options[:port] = n }
        parser.on('--http') { options[:tls] = false }
        parser.on('--user-email EMAIL') { |e| options[:user_email] = e }
        parser.on('--seed N', Integer) { |n| options[:seed_records] = n }
      end.parse!(args)
      raise OptionParser::InvalidArgument, "unexpected '#{args.first}'" unless args.empty?

      options
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
