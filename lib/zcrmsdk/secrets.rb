# frozen_string_literal: true

module ZCRMSDK
  # The one place that decides what a secret looks like, so that `inspect`, `pp`, log lines
  # and exception messages hide the same things the same way: the values of secret keys
  # (client_secret, db_password, access/refresh/grant tokens), the password of a URL
  # (`https://user:[FILTERED]@host`) and anything shaped like a Zoho token. They are shown
  # as `[FILTERED]`, Rails' convention, so the output stays useful for the rest.
  #
  # @api private
  module Secrets
    FILTERED = '[FILTERED]'
    # Keys whose values are secrets: client_secret, db_password, access_token, Authorization...
    SECRET_KEY = /(secret|password|token|authorization)s?\z/i
    # scheme://user:password@host: the password part (up to the last @ of the authority).
    URL_PASSWORD = %r{(://[^/?#@:\s]*:)[^/?#\s]*@}
    # Zoho's access, refresh and grant tokens: 1000.<hex>.<hex>.
    TOKEN = /\b1000\.[0-9a-f]{16,}\.[0-9a-f]{16,}\b/i

    NO_VALUES = [].freeze
    private_constant :NO_VALUES

    module_function

    # `text` with URL passwords, token-shaped words and each of `values` filtered.
    def filter_text(text, values = NO_VALUES)
      text = text.to_s
      # Most texts (every answer's URL) hold neither: no copies then.
      text = text.gsub(URL_PASSWORD, "\\1#{FILTERED}@") if text.include?('@')
      text = text.gsub(TOKEN, FILTERED) if text.include?('1000.')
      return text if values.empty?

      values.reduce(text) { |out, value| out.gsub(value, FILTERED) }
    end

    # A copy of `hash` (nested Hashes and Arrays too) with the values of secret keys replaced
    # and Strings passed through `filter_text`. A nil secret stays nil: "not set" is no secret.
    def filter_hash(hash)
      hash.to_h { |key, value| [key, SECRET_KEY.match?(key.to_s) && !value.nil? ? FILTERED : filter_value(value)] }
    end

    def filter_value(value)
      case value
      when Hash then filter_hash(value)
      when Array then value.map { |v| filter_value(v) }
      when String then filter_text(value)
      else value
      end
    end

    # For classes that hold secrets: they say what to show in a private `inspect_fields`
    # (a Hash), and `inspect` and `pp` show it filtered. (`to_s` is Object's, which shows no
    # instance variables.)
    module Inspect
      def inspect
        fields = Secrets.filter_hash(inspect_fields).map do |key, value|
          " #{key}=#{value.equal?(FILTERED) ? value : value.inspect}"
        end
        "#<#{self.class.name}#{fields.join}>"
      end

      def pretty_print(printer)
        printer.text(inspect)
      end
    end
  end
end
