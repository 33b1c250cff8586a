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

    # See ZCRMSDK.query.
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
  def self.query(text, *values, per_page: COQL::Limits::MAX_LIMIT, prefetch: true, &block)
    COQL.query(text, *values, per_page: per_page, prefetch: prefetch, &block)
  end
end
