# frozen_string_literal: true

module ZCRMSDK
  # Where the gem's log lines go: the `logger` option (any Logger, e.g. Rails.logger), else
  # `application_log_file_path`, else the console when `log_in_console` is 'true' (1.0.x's
  # keys). One debug line per HTTP request (method, URL without query, status, milliseconds)
  # and one error line per exception raised.
  #
  # Every line passes through `redact`: the engine never puts a secret in what it reports,
  # and this is the second lock on that door.
  class Log
    include Secrets::Inspect

    attr_reader :logger

    class << self
      # Used when the configuration names no logger (the Railtie sets Rails.logger).
      attr_accessor :default_logger
    end

    def self.build(configuration)
      new(choose_logger(configuration), secrets(configuration))
    end

    def self.choose_logger(configuration)
      return configuration.logger if configuration.logger

      path = configuration['application_log_file_path']
      return Logger.new(path.to_s) if path && !path.to_s.empty?
      return Logger.new($stdout) if configuration.flag?('log_in_console')

      default_logger
    end

    def self.secrets(configuration)
      [configuration['client_secret'], configuration['db_password']].map(&:to_s).reject { |s| s.length < 4 }
    end

    def initialize(logger = nil, secrets = [])
      @logger = logger
      @secrets = secrets
    end

    def requests(records)
      return unless @logger

      Array(records).each do |r|
        outcome = r[:status] || r[:failure]
        retry_note = r[:attempt].to_i.positive? ? " (retry #{r[:attempt]})" : ''
        debug(format('ZCRMSDK %<method>s %<url>s -> %<outcome>s in %<ms>.1f ms%<retry>s',
                     method: r[:method], url: r[:url], outcome: outcome, ms: r[:duration_ms], retry: retry_note))
      end
    end

    def exception(error)
      @logger&.error(redact("#{error.message}; Exception Class::#{error.class}"))
    end

    def warn(message)
      @logger&.warn(redact(message))
    end

    def debug(message)
      @logger&.debug(redact(message))
    end

    def redact(text)
      Secrets.filter_text(text, @secrets)
    end

    private

    def inspect_fields
      { logger: @logger&.class, secrets: @secrets }
    end
  end
end
