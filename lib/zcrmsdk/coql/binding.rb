# frozen_string_literal: true

require 'date'
require 'time'

module ZCRMSDK
  module COQL
    # Fills the `?` placeholders of a query with values written as COQL literals, so user
    # input never becomes query syntax:
    #
    #   Binding.bind("select Email from Leads where Last_Name = ? and Created_Time > ?",
    #                ["O'Brien", Time.now - 86_400])
    #   # => "select Email from Leads where Last_Name = 'O''Brien' and Created_Time > '2024-05-01T10:00:00+02:00'"
    #
    # Strings (and Symbols) are quoted with `'`, a quote inside doubled (Kaizen #171:
    # https://help.zoho.com/portal/en/community/topic/kaizen-171-faqs-on-coql-api). Date-times
    # are ISO 8601 with their offset and no fractions, dates YYYY-MM-DD, both quoted, the form
    # Zoho's records carry them in (https://www.zoho.com/crm/developer/docs/api/v2/COQL-Overview.html
    # compares `Created_Time` with such strings). Numbers and true/false are written bare. An
    # Array becomes a parenthesized list for `in (…)` / `not in (…)`, at most 50 values.
    #
    # @api private
    module Binding
      SUPPORTED = 'a String, Symbol, Integer, Float, BigDecimal, true, false, Date, Time, DateTime ' \
                  'or an Array of those (for in/not in)'

      module_function

      # The query with each `?` replaced by the next value as a COQL literal.
      # @param text [String]
      # @param values [Array<Object>]
      # @return [String]
      # @raise [ArgumentError] placeholders and values do not match, or a value COQL cannot express
      def bind(text, values)
        tokens = Lexer.tokens(text)
        placeholders = tokens.count { |token| token.type == :placeholder }
        check_arity!(placeholders, values.size)
        pending = values.each_with_index
        tokens.map { |token| token.type == :placeholder ? literal(*pending.next) : token.text }.join
      end

      # `value` written as a COQL literal; `index` (0-based) names it in errors.
      def literal(value, index = 0)
        case value
        when Array then list(value, index)
        else scalar(value, index)
        end
      end

      # @api private
      def scalar(value, index)
        case value
        when String, Symbol then quote(value.to_s)
        when true, false, Integer then value.to_s
        when Float then float(value, index)
        when DateTime then quote(value.strftime('%Y-%m-%dT%H:%M:%S%:z'))
        when Date then quote(value.strftime('%Y-%m-%d'))
        when Time then quote(value.strftime('%Y-%m-%dT%H:%M:%S%:z'))
        when nil
          raise ArgumentError, "COQL value #{index + 1} is nil: write `is null` / `is not null` in the query instead"
        else
          return value.to_s('F') if defined?(BigDecimal) && value.is_a?(BigDecimal) && value.finite?
          return quote(value.strftime('%Y-%m-%dT%H:%M:%S%:z')) if time_like?(value)

          raise ArgumentError, "COQL value #{index + 1} is a #{value.class}; bind #{SUPPORTED}"
        end
      end

      def list(values, index)
        raise ArgumentError, "COQL value #{index + 1} is an empty Array; `in ()` matches nothing" if values.empty?
        if values.size > Limits::MAX_IN_VALUES
          Limits.exceeded!("COQL allows at most #{Limits::MAX_IN_VALUES} values in an in/not in list; " \
                           "value #{index + 1} has #{values.size}: split the query")
        end
        if values.any?(Array)
          raise ArgumentError, "COQL value #{index + 1} is an Array of Arrays; bind a flat Array for in/not in"
        end

        "(#{values.map { |value| scalar(value, index) }.join(', ')})"
      end

      # A COQL string literal: quoted, with quotes and backslashes escaped.
      # @param text [String]
      # @return [String]
      def quote(text)
        "'#{text.gsub("'", "''")}'"
      end

      def float(value, index)
        raise ArgumentError, "COQL value #{index + 1} is #{value}, which COQL cannot compare" unless value.finite?

        text = value.to_s
        text.include?('e') ? format('%.15f', value).sub(/\.?0+\z/, '') : text
      end

      # ActiveSupport::TimeWithZone and friends: not a Time, but answers like one.
      def time_like?(value)
        value.respond_to?(:strftime) && value.respond_to?(:utc_offset)
      end

      def check_arity!(placeholders, given)
        return if placeholders == given

        raise ArgumentError, "COQL query has #{placeholders} placeholder#{'s' unless placeholders == 1} (?) " \
                             "but #{given} value#{'s' unless given == 1} #{given == 1 ? 'was' : 'were'} given"
      end
    end
  end
end
