# frozen_string_literal: true

require_relative 'coql/limits'
require_relative 'coql/lexer'
require_relative 'coql/binding'
require_relative 'coql/statement'
require_relative 'coql/query'

module ZCRMSDK
  # COQL, Zoho's SQL-like query language (POST /crm/v2/coql, operation `coql.query`):
  # https://www.zoho.com/crm/developer/docs/api/v2/Get-Records-through-COQL-Query.html
  module COQL
    module_function

    # See {ZCRMSDK.query}.
    # @param text [String] the COQL query, with `?` placeholders
    # @param values [Array<Object>] one value for each `?`
    # @param per_page [Integer] records a request, 1 to 200 (COQL's maximum LIMIT)
    # @param prefetch [Boolean] fetch the next page on a background thread while this one is consumed
    # @yieldparam record [ZCRMSDK::Operations::ZCRMRecord]
    # @return [Enumerator<ZCRMSDK::Operations::ZCRMRecord>, ZCRMSDK::COQL::Query] the Query when given a block
    # @raise [ArgumentError] text is not a String, placeholders and values do not match, or a bad per_page
    # @raise [ZCRMSDK::ValidationError] the query breaks Zoho's limits (LIMIT_EXCEEDED), before anything is sent
    # @raise [ZCRMSDK::InvalidRequestError] Zoho refused the query (SYNTAX_ERROR, INVALID_QUERY...)
    # @raise [ZCRMSDK::ZCRMException] another error answer, or NetworkError, TimeoutError, ProtocolError
    def query(text, *values, per_page: Limits::MAX_LIMIT, prefetch: true, &block)
      raise ArgumentError, "a COQL query is a String, not #{text.class}" unless text.is_a?(String)

      statement = Statement.new(Binding.bind(text, values))
      statement.check_limits!
      records = Query.new(statement, per_page: per_page, prefetch: prefetch)
      block ? records.each(&block) : records.each
    end
  end

  # Runs a COQL query and returns an Enumerator of ZCRMRecords of the module after FROM,
  # fetched page by page as it is consumed:
  #
  #   ZCRMSDK.query("select Last_Name, Email from Leads where Lead_Source = ? order by Created_Time", 'Web')
  #          .each { |lead| puts lead.get_field_value('Email') }
  #
  # Each `?` is replaced by the next value, written as a COQL literal (strings quoted and
  # escaped, times as ISO 8601, arrays as `(a, b)` for `in`); see COQL::Binding. A LIMIT /
  # OFFSET at the end of the query bounds the whole walk. A query past Zoho's documented
  # limits (50 fields, 25 criteria, 50 `in` values, row 10,000) raises ValidationError
  # (LIMIT_EXCEEDED) before anything is sent; bad placeholders or values raise ArgumentError.
  # With a block, yields each record and returns the COQL::Query.
  #
  # @param text [String] the COQL query, with `?` placeholders
  # @param values [Array<Object>] one value for each `?`
  # @param per_page [Integer] records a request, 1 to 200 (COQL's maximum LIMIT)
  # @param prefetch [Boolean] fetch the next page on a background thread while this one is consumed
  # @yieldparam record [ZCRMSDK::Operations::ZCRMRecord]
  # @return [Enumerator<ZCRMSDK::Operations::ZCRMRecord>, ZCRMSDK::COQL::Query] the Query when given a block
  # @raise [ArgumentError] text is not a String, placeholders and values do not match, or a bad per_page
  # @raise [ZCRMSDK::ValidationError] the query breaks Zoho's limits (LIMIT_EXCEEDED), before anything is sent
  # @raise [ZCRMSDK::InvalidRequestError] Zoho refused the query (SYNTAX_ERROR, INVALID_QUERY...)
  # @raise [ZCRMSDK::ZCRMException] another error answer, or NetworkError, TimeoutError, ProtocolError
  def self.query(text, *values, per_page: COQL::Limits::MAX_LIMIT, prefetch: true, &block)
    COQL.query(text, *values, per_page: per_page, prefetch: prefetch, &block)
  end
end
