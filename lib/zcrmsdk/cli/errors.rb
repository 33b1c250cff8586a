# frozen_string_literal: true

module ZCRMSDK
  class CLI
    # The command line was wrong (exit status 2).
    class UsageError < StandardError; end

    # A setting or the configuration file is missing or wrong (exit status 3). The gem's own
    # ConfigurationError gets the same status.
    class ConfigError < StandardError; end
  end
end
