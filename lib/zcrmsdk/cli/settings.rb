# frozen_string_literal: true

require 'json'
require 'yaml'

module ZCRMSDK
  class CLI
    # The configuration Hash a command passes to ZCRMRestClient.init, from three layers, the
    # first that has a key wins: the command's flags, ZOHO_<KEY> environment variables, the
    # configuration file (YAML or JSON with the same keys as the Hash). Keys are the 1.0.x
    # configuration keys (Configuration::KEYS).
    class Settings
      DEFAULT_FILE = 'zcrmsdk.yml'
      KEYS = (Configuration::KEYS - %w[logger]).freeze
      # Used only to exchange a grant token; a Self Client's grant accepts any URI.
      DEFAULTS = { 'redirect_uri' => 'https://www.zoho.com' }.freeze

      # [flag, key, help] of the settings that have a flag of their own (--set takes the others).
      FLAGS = [
        ['--client-id ID', 'client_id', 'your client ID (the secret has no flag: ZOHO_CLIENT_SECRET)'],
        ['--user EMAIL', 'current_user_email', 'the user to act as'],
        ['--accounts-url URL', 'accounts_url', "your data centre's accounts server (https://accounts.zoho.com)"],
        ['--api-base-url URL', 'api_base_url', 'the API host (default: the one Zoho names with the tokens)'],
        ['--ca-file FILE', 'ca_file', 'extra PEM certificates to trust'],
        ['--sqlite-path FILE', 'sqlite_path', 'the SQLite token store (the default store)'],
        ['--token-persistence-path DIR', 'token_persistence_path', 'keep the tokens in DIR/zcrm_oauthtokens.txt instead']
      ].freeze

      def self.known?(key)
        KEYS.include?(key)
      end

      # A secret given on the command line would stay in the shell history and show in `ps`.
      def self.refuse_secret_flag!(key, value)
        return value unless Secrets::SECRET_KEY.match?(key)

        raise UsageError, "#{key} cannot be given on the command line (it would stay in your shell history): " \
                          "set ZOHO_#{key.upcase} or put it in the configuration file"
      end

      def initialize(flags:, env:, file: nil)
        @layers = [['default', DEFAULTS], *file_layer(file), ['environment', Configuration::Env.settings(env)], ['flag', flags]]
      end

      def to_h
        @layers.map(&:last).reduce(:merge)
      end

      # The values that must never be printed (client_secret, db_password...).
      def secret_values
        to_h.select { |key, _| Secrets::SECRET_KEY.match?(key) }.values.map(&:to_s).reject { |v| v.length < 4 }
      end

      # "key = value (from where)" for each setting, secrets filtered: what --verbose prints.
      def describe
        Secrets.filter_hash(to_h).map { |key, value| "#{key} = #{value} (#{source_of(key)})" }
      end

      private

      def source_of(key)
        layer, = @layers.reverse.find { |_, settings| settings.key?(key) }
        layer == 'environment' ? "from ZOHO_#{key.upcase}" : "from the #{layer}"
      end

      # [[label, settings]] of the file given, or of ./zcrmsdk.yml when present; [] otherwise.
      def file_layer(path)
        return [] if path.nil? && !File.file?(DEFAULT_FILE)

        path ||= DEFAULT_FILE
        [["file #{path}", read_file(path)]]
      end

      def read_file(path)
        data = parse(path, File.read(path))
        raise ConfigError, "#{path} must hold a mapping of settings (client_id: ...)" unless data.is_a?(Hash)

        data.to_h do |key, value|
          raise ConfigError, "#{path}: unknown setting '#{key}' (known: #{KEYS.join(', ')})" unless Settings.known?(key.to_s)

          [key.to_s, value]
        end
      rescue SystemCallError => e
        raise ConfigError, "cannot read the configuration file #{path}: #{e.class.name.split('::').last}"
      end

      # The parsers' messages are left out: they may quote the line, and the line a secret.
      def parse(path, text)
        path.end_with?('.json') ? JSON.parse(text) : YAML.safe_load(text)
      rescue JSON::ParserError
        raise ConfigError, "#{path} is not valid JSON"
      rescue Psych::SyntaxError => e
        raise ConfigError, "#{path} is not valid YAML (line #{e.line}, column #{e.column})"
      rescue Psych::Exception
        raise ConfigError, "#{path}: write plain keys and values (client_id: ..., no :symbols or tags)"
      end
    end
  end
end
