# frozen_string_literal: true

module ZCRMSDK
  module COQL
    # Zoho's documented COQL limits for API v2, checked before a query is sent so that a sync
    # stops with an error naming the limit instead of a 400 deep in a run.
    #
    # * "Query API - Limitations", v2: "You can fetch a maximum of 200 records per API call",
    #   "a maximum of 25 criteria in the WHERE clause", "a maximum of 50 columns … in the
    #   select column", "in (up to 50 values)"
    #   https://www.zoho.com/crm/developer/docs/api/v2/COQL-Limitations.html
    # * "You can fetch up to 10,000 records using pagination with LIMIT and OFFSET"
    #   https://www.zoho.com/crm/developer/docs/api/COQL-Limitations.html ("a maximum of
    #   10,000 records (with LIMIT=200 and OFFSET=9800)" in the v2/v3 overviews)
    # * "The default value for LIMIT is 200 and OFFSET is 0"
    #   https://www.zoho.com/crm/developer/docs/api/v2/COQL-Overview.html
    #
    # @api private
    module Limits
      # Rows per request (LIMIT), and what Zoho returns when the query names none.
      MAX_LIMIT = 200
      # OFFSET + LIMIT of any request: the deepest row a query can reach.
      MAX_ROWS = 10_000
      MAX_FIELDS = 50
      MAX_CRITERIA = 25
      MAX_IN_VALUES = 50

      module_function

      # Raises the ValidationError a query gets for going past `limit`, before anything is sent.
      def exceeded!(message)
        raise ValidationError.new('query', 400, message, 'LIMIT_EXCEEDED')
      end
    end
  end
end
