# frozen_string_literal: true

require 'date'
require 'time'

module ZCRMSDK
  module Operations
    # Plumbing shared by the entity classes and ZCRMOrganization (not part of the 1.0.x
    # surface): one place that calls the Rust core, wraps the answer in the 1.0.x response
    # classes, and raises the 1.0.x client-side validation errors.
    #
    # @api private
    module Support
      # The 1.0.x limits and error codes for list arguments (see CATALOG.md).
      CountRule = Struct.new(:max, :noun, :more_code, :none_code)
      COUNT_RULES = {
        records: CountRule.new(100, 'records count', 'MORE RECORDS PROVIDED', 'NO RECORDS PROVIDED'),
        notes: CountRule.new(100, 'note count', 'MORE NOTES PROVIDED', 'NO NOTES PROVIDED'),
        tags: CountRule.new(50, 'Tag count', 'MORE TAGS PROVIDED', 'NO TAGS PROVIDED'),
        record_tags: CountRule.new(10, 'Tag count', 'MORE TAGS PROVIDED', 'NO TAGS PROVIDED'),
        taxes: CountRule.new(100, 'org tax count', 'MORE ORG TAXES PROVIDED', 'NO ORG TAX PROVIDED'),
        tax_ids: CountRule.new(100, 'org tax count', 'MORE ORG TAX PROVIDED', 'NO ORG TAX PROVIDED'),
        variables: CountRule.new(100, 'variable count', 'MORE VARIABLES PROVIDED', 'NO VARIABLES PROVIDED')
      }.freeze

      module_function

      # One call that answers about a single entity → APIResponse.
      def single(operation, args = {})
        Response::APIResponse.from_raw(call(operation, args))
      end

      # One call that answers with a list → BulkAPIResponse.
      def bulk(operation, args = {})
        Response::BulkAPIResponse.from_raw(call(operation, args))
      end

      # A list of records of `module_api_name` (a module's, a search's, a related list's) →
      # BulkAPIResponse whose `data` holds ZCRMRecords that are filled from the page's JSON
      # when first looked at (see ZCRMRecord).
      def records(operation, args, module_api_name)
        raw = call(operation, args)
        raw.read_records_lazily if raw.respond_to?(:read_records_lazily)
        response = Response::BulkAPIResponse.from_raw(raw)
        response.data = if (page = response.record_page)
                          Mapping::Records.from_page(page, module_api_name)
                        else
                          entries(response, 'data').map { |json| Mapping::Records.from_api(json, module_api_name) }
                        end
        response
      end

      # One record read into `record` (ZCRMRecord#get) → APIResponse whose `data` is the
      # record. A record nothing was set on yet is filled from the answer's JSON when first
      # looked at, as list records are; one holding values of its own is filled at once, over
      # them (what 1.0.x did).
      def record_into(record, operation, args)
        raw = call(operation, args)
        lazy = record.send(:untouched?) && raw.respond_to?(:read_records_lazily)
        raw.read_records_lazily if lazy
        one_record(raw, record.module_api_name, record)
      end

      # ZCRMModule#get_record: what `ZCRMRecord.new(module_api_name, entity_id).get` answers,
      # with the record made once the answer is there. Read lazily, it is made from the
      # answer's page as list records are, instead of being made empty first and then checked
      # for values of its own it cannot have.
      def fetch_record(module_api_name, entity_id)
        require_record_id!(entity_id, 'get_record')
        raw = call('records.get', record_args(module_api_name, entity_id))
        raw.read_records_lazily if raw.respond_to?(:read_records_lazily)
        one_record(raw, module_api_name, nil) { ZCRMRecord.new(module_api_name, entity_id) }
      end

      # The args that name one record.
      def record_args(module_api_name, entity_id)
        { 'module' => module_api_name, 'record_id' => id_string(entity_id) }
      end

      # Raises (nothing sent) when a record call has no id, naming the 1.0.x method.
      def require_record_id!(entity_id, method_name)
        require!(entity_id, method_name, 'id should be set for the record', 'ID IS NOT PROVIDED')
      end

      # APIResponse whose `data` is the answer's one record: `record` awaiting its fill from
      # the page when the answer was read lazily, else filled now. Without a `record`, the
      # page's record is made from the page, or the block makes the one to fill.
      def one_record(raw, module_api_name, record)
        response = Response::APIResponse.from_raw(raw)
        page = response.record_page
        ids = page&.ids
        response.data =
          if ids&.size != 1
            (record || yield).tap { |filled| Mapping::Records.fill(filled, first_entry(response, 'data')) }
          elsif record
            record.tap { record.send(:await_fill, module_api_name, ids.first, page, 0) }
          else
            ZCRMRecord.from_page(module_api_name, ids.first, page, 0)
          end
        response
      end

      # A call about one entity: APIResponse whose `data` is the block's object for
      # `json[key][0]` (nil when the answer has none, e.g. after a 304).
      def one(operation, args, key)
        response = single(operation, args)
        json = first_entry(response, key)
        response.data = json.nil? ? nil : yield(json, response)
        response
      end

      # A list call: `data` is the block's object for each entry under `key`. BulkAPIResponse,
      # or an APIResponse with `as: :single` where 1.0.x parsed it so (profiles).
      def list(operation, args, key, as: :bulk)
        response = as == :single ? single(operation, args) : bulk(operation, args)
        response.data = entries(response, key).map { |json| yield(json, response) }
        response
      end

      # A download → FileAPIResponse. With `to:` (a path or an IO) the file is streamed there
      # as it arrives instead of being held in memory; the response then has no body.
      def file(operation, args = {}, to: nil)
        return Response::FileAPIResponse.from_raw(call(operation, args)) if to.nil?

        Response::FileAPIResponse.from_raw(ZCRMSDK::Internal.download(operation, args.compact, to))
      end

      # Absent and nil mean the same to the core; leaving nils out keeps the args readable
      # in logs and lets the core's defaults apply.
      def call(operation, args)
        ZCRMSDK::Internal.call(operation, args.value?(nil) ? args.compact : args)
      end

      # The entities of an answer: `json[key]` when it is a list (1.0.x: `[]` otherwise, e.g.
      # after a 304 Not Modified).
      def entries(response, key)
        Mapping.as_array((response.response_json || {})[key])
      end

      def first_entry(response, key)
        entries(response, key).first
      end

      # Raises the 1.0.x client-side error: status 400, the method name as `url`. It is a
      # ZCRMSDK::ValidationError (a ZCRMException) when errors.rb defines that class.
      def invalid!(method_name, message, code)
        error_class = defined?(ZCRMSDK::ValidationError) ? ZCRMSDK::ValidationError : Utility::ZCRMException
        raise error_class.get_instance(method_name, 400, message, code)
      end

      # 1.0.x: a create takes entities without ids ("<noun> id must be nil")...
      def require_new!(items, method_name, noun, code)
        invalid!(method_name, "#{noun} id must be nil", code) unless items.all? { |item| Mapping.id_of(item).nil? }
      end

      # ...and an update entities with ids.
      def require_existing!(items, method_name, noun, code)
        invalid!(method_name, "#{noun} id must not be nil", code) if items.any? { |item| Mapping.id_of(item).nil? }
      end

      def require!(value, method_name, message, code)
        invalid!(method_name, message, code) if blank?(value)
        value
      end

      # Validates a list argument against a COUNT_RULES entry and returns it as an Array. With
      # `of:`, every item must be an instance of that entity class: a nil or a Hash in the list
      # is refused here, naming its position, rather than failing as a NoMethodError deep in
      # the mapping.
      def check_count!(list, rule_name, method_name, of: nil)
        rule = COUNT_RULES.fetch(rule_name)
        items = to_list(list)
        entities!(items, of, method_name) if of
        if items.size > rule.max
          invalid!(method_name, "#{rule.noun} must be less than or equals to #{rule.max}", rule.more_code)
        end
        invalid!(method_name, "#{rule.noun} must be at least 1", rule.none_code) if items.empty?
        items
      end

      def entities!(items, entity_class, method_name)
        index = items.index { |item| !item.is_a?(entity_class) }
        return items unless index

        noun = entity_class.name.split('::').last
        invalid!(method_name, "#{method_name} takes #{noun} instances (#{noun}.get_instance(...)); " \
                              "item #{index} is #{items[index].inspect[0, 60]}", 'INVALID ARGUMENT')
      end

      def to_list(value)
        case value
        when nil then []
        when Array then value
        else [value]
        end
      end

      def blank?(value)
        value.nil? || (value.respond_to?(:empty?) && value.empty?)
      end

      # Ids go to the core as Strings (Zoho ids exceed 2**53; JSON numbers would not survive
      # other tools), whether the caller held an Integer, a String or an entity.
      def id_string(value)
        value = Mapping.id_of(value)
        value&.to_s
      end

      # `[tag_or_name, ...]` → names; 1.0.x only accepted Strings (it called #to_s).
      def tag_names(tags)
        to_list(tags).map { |tag| tag.respond_to?(:name) ? tag.name.to_s : tag.to_s }
      end

      # Pairs the i-th per-entity result of a bulk write with the i-th input, as 1.0.x did,
      # and lets the block map each success. Returns the mapped successes; each
      # EntityResponse#data gets its entity.
      def map_successes(bulk_response, inputs)
        successes = []
        bulk_response.bulk_entity_response.each_with_index do |entity_response, index|
          next unless entity_response.success?

          entity_response.data = yield(inputs[index], entity_response.details || {})
          successes << entity_response.data
        end
        successes
      end

      LIST_OPTION_KEYS = %i[cvid sort_by sort_order page page_token per_page headers fields converted approved
                            modified_since].freeze

      # Ruby 3 turns a brace-less trailing `'If-Modified-Since' => t` (1.0.x's `headers`
      # argument) into keywords; String keys are therefore headers, Symbol keys options.
      def split_list_options(headers, options)
        extra_headers, symbols = options.partition { |key, _| key.is_a?(String) }.map(&:to_h)
        unknown = symbols.keys - LIST_OPTION_KEYS
        raise ArgumentError, "unknown keyword#{'s' if unknown.size > 1}: #{unknown.join(', ')}" if unknown.any?

        merged = (headers || {}).merge(extra_headers).merge(symbols[:headers] || {})
        [merged.empty? ? nil : merged.to_h { |k, v| [k.to_s, v.to_s] }, symbols]
      end

      # Options that ZCRMModule#get_records and friends accept as keywords (beyond 1.0.x).
      def list_options(options)
        opts = options.transform_keys(&:to_sym)
        {
          'fields' => join_list(opts[:fields]),
          'converted' => bool3(opts[:converted]),
          'approved' => bool3(opts[:approved]),
          'modified_since' => iso8601(opts[:modified_since])
        }.compact
      end

      def join_list(value)
        return nil if value.nil?

        to_list(value).map(&:to_s).join(',')
      end

      def bool3(value)
        value.nil? ? nil : value.to_s
      end

      # If-Modified-Since takes ISO-8601 with an offset, not an HTTP date.
      def iso8601(value)
        case value
        when nil then nil
        when String then value
        when Time then value.strftime('%Y-%m-%dT%H:%M:%S%:z')
        when DateTime then value.strftime('%Y-%m-%dT%H:%M:%S%:z')
        when Date then value.strftime('%Y-%m-%dT00:00:00+00:00')
        else value.respond_to?(:to_time) ? iso8601(value.to_time) : value.to_s
        end
      end
    end
  end
end
