# frozen_string_literal: true

module ZCRMSDK
  # Where the gem's log lines go: the `logger` option (any Logger, e.g. Rails.logger), else
  # `application_log_file_path`, else the console when `log_in_console` is 'true' (1.0.x's
  # keys). One debug line per HTTP request (method, URL without query, status, milliseconds)
  # and one line per exception the engine raises to the caller, at `exception_log_level`
  # ('error' unless configured; 'none' for no line). Errors the gem handles itself (the 204
  # that ends a listing) are not logged.
  #
  # Every line passes through `redact`: the engine never puts a secret in what it reports,
  # and this is the second lock on that door.
  #
  # @api private
  class Log
    include Secrets::Inspect

    EXCEPTION_LEVELS = %w[debug info warn error fatal none].freeze

    attr_reader :logger, :exception_level

    class << self
      # Used when the configuration names no logger (the Railtie sets Rails.logger).
      attr_accessor :default_logger
    end

    def self.build(configuration)
      new(choose_logger(configuration), secrets(configuration),
          exception_level: exception_level(configuration['exception_log_level']))
    end

    def self.exception_level(given)
      level = (given || 'error').to_s.downcase
      return level.to_sym if EXCEPTION_LEVELS.include?(level)

      raise ConfigurationError.new('init', "'exception_log_level' must be one of #{EXCEPTION_LEVELS.join(', ')}, " \
                                           "not #{given.inspect}", 'exception_log_level', 'error')
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

    def initialize(logger = nil, secrets = [], exception_level: :error)
      @logger = logger
      @secrets = secrets
      @exception_level = exception_level
    end

    # Whether #requests logs anything (it logs at debug level).
    def requests?
      return false if @logger.nil?

      !@logger.respond_to?(:debug?) || @logger.debug?
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
      return if @logger.nil? || @exception_level == :none

      @logger.public_send(@exception_level, redact("#{error.message}; Exception Class::#{error.class}"))
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
