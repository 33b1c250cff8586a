# frozen_string_literal: true

module ZCRMSDK
  module COQL
    # One bound COQL query, read far enough to page it and to check Zoho's limits before
    # sending: the SELECT column, the module after FROM, how many criteria the WHERE clause
    # holds, and a LIMIT/OFFSET at its end (`limit N`, `limit N offset M`, `limit M, N`,
    # `offset M`). The rest of the text is sent as written; Zoho (or the emulator) judges it.
    #
    # @api private
    class Statement
      COMPARATORS = %w[= != <> < <= > >=].freeze
      # `not like`, `not in` and `is not null` count once: by their last word.
      WORD_COMPARATORS = %w[like in between is].freeze
      CLAUSE_ENDS = %w[order group limit offset].freeze

      attr_reader :module_name, :fields, :criteria, :limit, :offset

      def initialize(text)
        @text = text.strip
        @tokens = Lexer.significant(@text)
        read_select
        read_where
        read_tail
      end

      # The query without its LIMIT/OFFSET, with `where id is not null` when it has no WHERE:
      # v2 refuses a query without one (the emulator does the same).
      def base
        @base ||= if @where
                    @text[0...@tail_start].rstrip
                  else
                    tail = @text[@module_end...(@tail_start || @text.length)]
                    "#{@text[0...@module_end]} where id is not null#{tail}".rstrip
                  end
      end

      # The text of one request: `count` rows from row `from` (0-based).
      def page(from, count)
        "#{base} limit #{count} offset #{from}"
      end

      # Raises ValidationError (LIMIT_EXCEEDED) naming the documented limit the query breaks.
      def check_limits!
        if fields.size > Limits::MAX_FIELDS
          Limits.exceeded!("COQL selects at most #{Limits::MAX_FIELDS} fields; this query selects #{fields.size}")
        end
        if criteria > Limits::MAX_CRITERIA
          Limits.exceeded!("COQL allows at most #{Limits::MAX_CRITERIA} criteria in WHERE; this query has #{criteria}")
        end
        check_depth!
      end

      private

      def check_depth!
        from = offset || 0
        deepest = limit ? from + limit : from + 1
        return if deepest <= Limits::MAX_ROWS

        Limits.exceeded!("COQL reaches at most #{Limits::MAX_ROWS} rows of a query (OFFSET + LIMIT); this query asks " \
                         "for rows up to #{deepest}: narrow the WHERE clause (for example by Created_Time) instead")
      end

      def read_select
        unless @tokens.first&.word?('select')
          raise ArgumentError, "a COQL query starts with `select` (got #{@text[0, 30].inspect})"
        end

        from = @tokens.index { |token| token.word?('from') }
        raise ArgumentError, 'a COQL query needs `from <Module>`' if from.nil? || @tokens[from + 1].nil?

        @fields = split_fields(@tokens[1...from])
        module_token = @tokens[from + 1]
        @module_name = module_token.text
        @module_end = module_token.position + module_token.text.length
        @after_module = from + 2
      end

      def split_fields(tokens)
        tokens.slice_when { |token, _| token.symbol?(',') }
              .map { |group| group.reject { |token| token.symbol?(',') } }
              .reject(&:empty?)
      end

      def read_where
        @where = @tokens[@after_module]&.word?('where')
        clause = @where ? @tokens[(@after_module + 1)..].take_while { |token| !token.word?(*CLAUSE_ENDS) } : []
        @criteria = clause.count do |token|
          token.symbol?(*COMPARATORS) || token.word?(*WORD_COMPARATORS)
        end
      end

      # LIMIT/OFFSET at the end of the query.
      def read_tail
        start = @tokens.index.with_index { |token, i| i >= @after_module && token.word?('limit', 'offset') }
        @tail_start = start && @tokens[start].position
        return if start.nil?

        @limit, @offset = tail_numbers(@tokens[start..].map { |token| token.text.downcase })
      end

      def tail_numbers(words)
        case words
        in ['limit', count] then [number(count), nil]
        in ['limit', from, ',', count] then [number(count), number(from)]
        in ['limit', count, 'offset', from] then [number(count), number(from)]
        in ['offset', from, 'limit', count] then [number(count), number(from)]
        in ['offset', from] then [nil, number(from)]
        else
          raise ArgumentError, "COQL query ends in #{words.join(' ').inspect}; write `limit N`, `limit N offset M` " \
                               'or `offset M` (it must be the last clause)'
        end
      end

      def number(text)
        Integer(text, 10).tap { |n| raise ArgumentError if n.negative? }
      rescue ArgumentError
        raise ArgumentError, "COQL LIMIT/OFFSET must be whole numbers (got #{text.inspect})"
      end
    end
  end
end
