# frozen_string_literal: true

require 'strscan'

module ZCRMSDK
  module COQL
    # Splits COQL text into tokens, keeping every character (spaces too) so that the text can
    # be put back together with only some tokens replaced. Quoted strings are one token, so a
    # `?`, a keyword or a comma inside quotes is never mistaken for syntax.
    #
    # @api private
    module Lexer
      Token = Struct.new(:type, :text, :position) do
        def word?(*words)
          type == :word && words.include?(text.downcase)
        end

        def symbol?(*symbols)
          type == :symbol && symbols.include?(text)
        end
      end

      PATTERNS = [
        [:space, /\s+/],
        # A quote inside a quoted string is doubled ('O''Brien'): Kaizen #171,
        # https://help.zoho.com/portal/en/community/topic/kaizen-171-faqs-on-coql-api
        [:string, /'(?:[^']|'')*'|"(?:[^"]|"")*"/],
        [:placeholder, /\?/],
        [:symbol, /!=|<>|<=|>=|[=<>(),]/],
        [:word, /[^\s'"?!=<>(),]+/]
      ].freeze

      module_function

      # All tokens, spaces included; raises ArgumentError at an unterminated quote.
      def tokens(text)
        scanner = StringScanner.new(text)
        result = []
        until scanner.eos?
          type, = PATTERNS.find { |(_, pattern)| scanner.check(pattern) }
          unreadable!(text, scanner.pos) if type.nil?
          position = scanner.pos
          result << Token.new(type, scanner.scan(PATTERNS.to_h.fetch(type)), position)
        end
        result
      end

      def unreadable!(text, position)
        what = %w[' "].include?(text[position]) ? 'an unterminated quoted string' : 'an unexpected character'
        raise ArgumentError, "COQL query has #{what} at character #{position + 1}: #{text[position, 20].inspect}"
      end

      # The tokens that carry meaning (no spaces).
      def significant(text)
        tokens(text).reject { |token| token.type == :space }
      end
    end
  end
end
