# frozen_string_literal: true

module ZCRMSDK
  module Operations
    # A CRM module (Leads, Contacts, custom modules...): its metadata, and the calls that
    # work on many of its records, its fields, layouts, custom views, related lists and tags.
    class ZCRMModule
      attr_accessor :is_inventory_template_supported, :layouts, :visibility, :is_feeds_required, :is_quick_create,
                    :is_email_template_support, :is_webform_supported, :is_filter_supported,
                    :is_kanban_view_supported, :generated_type, :arguments, :parent_module, :is_filter_status,
                    :is_kanban_view, :is_presence_sub_menu, :api_name, :is_convertable, :is_creatable,
                    :is_editable, :is_deletable, :web_link, :singular_label, :plural_label, :modified_by,
                    :modified_time, :is_viewable, :is_api_supported, :is_custom_module, :is_scoring_supported,
                    :id, :module_name, :business_card_field_limit, :business_card_fields, :profiles,
                    :display_field_name, :display_field_id, :related_lists, :fields, :related_list_properties,
                    :properties, :per_page, :search_layout_fields, :default_territory_name,
                    :default_territory_id, :default_custom_view_id, :default_custom_view,
                    :is_global_search_supported, :sequence_number

      DELETED_TYPES = { all: 'all', recycle: 'recycle', permanent: 'permanent' }.freeze

      # 1.0.x's constructor, the same as `new`; it sends nothing.
      # @param module_apiname [String] the module API name
      # @return [ZCRMSDK::Operations::ZCRMModule]
      def self.get_instance(module_apiname)
        new(module_apiname)
      end

      # @param module_apiname [String] e.g. 'Leads'
      def initialize(module_apiname)
        @api_name = module_apiname
        @business_card_fields = []
        @profiles = []
        @arguments = []
      end

      # ---- records -----------------------------------------------------------------------

      # One record by id, read from Zoho.
      # @param entity_id [String, Integer]
      # @return [ZCRMSDK::Response::APIResponse] `data` is the ZCRMRecord
      # @raise [ZCRMSDK::NoContentError] no record with that id
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def get_record(entity_id)
        Support.fetch_record(api_name, entity_id)
      end

      # BulkAPIResponse, data = Array<ZCRMRecord> ([] when nothing changed since
      # `modified_since`). Beyond 1.0.x, keyword options: fields: (Array or String),
      # converted:/approved: (true, false, 'both'), modified_since: (Time or ISO-8601 String),
      # and cvid:/sort_by:/sort_order:/page:/per_page:/headers:, which win over the positional
      # arguments. page_token: (API v3 and later: `info.next_page_token` of the previous page)
      # asks for the page that token points at; the positional page is then not sent.
      #
      # @param cvid [String, Integer, nil] a custom view's id
      # @param sort_by [String, nil] a field API name
      # @param sort_order [String, nil] 'asc' or 'desc'
      # @param page [Integer]
      # @param per_page [Integer] at most 200
      # @param headers [Hash{String => String}, nil] extra request headers (If-Modified-Since...)
      # @param options [Hash{Symbol => Object}] the keyword options above
      # @return [ZCRMSDK::Response::BulkAPIResponse] `data` is an Array of ZCRMRecord
      # @raise [ZCRMSDK::NoContentError] an empty page (1.0.x behaviour; see {#each_record})
      # @raise [ZCRMSDK::PaginationLimitError] a page past the first 2,000 records without page_token
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def get_records(cvid = nil, sort_by = nil, sort_order = nil, page = 1, per_page = 200, headers = nil, **options)
        headers, options = Support.split_list_options(headers, options)
        args = { 'module' => api_name, 'cvid' => Support.id_string(options.fetch(:cvid, cvid)),
                 'sort_by' => options.fetch(:sort_by, sort_by), 'sort_order' => options.fetch(:sort_order, sort_order),
                 'page' => options.key?(:page_token) ? options[:page] : options.fetch(:page, page),
                 'page_token' => options[:page_token], 'per_page' => options.fetch(:per_page, per_page),
                 'headers' => headers }
        args.merge!(Support.list_options(options))
        Support.records('records.list', args, api_name)
      end

      # All deleted records (recycle bin and permanently deleted), one page.
      # @param page [Integer]
      # @param per_page [Integer] at most 200
      # @return [ZCRMSDK::Response::BulkAPIResponse] `data` is an Array of ZCRMTrashRecord
      # @raise [ZCRMSDK::NoContentError] none on that page
      # @raise [ZCRMSDK::ZCRMException] Zoho's error answers (APIError subclasses), NetworkError,
      #   TimeoutError, ProtocolError
      def get_all_deleted_records(page = 1, per_page = 200)
        deleted_records(:all, page, per_page)
      end

      # Records in the recycle bin, one page.
      # @param page [Integer]
      # @param per_page [Integer] at most 200
      # @return [ZCRMSDK::Response::BulkAPIResponse] `data` is an Array of ZCRMTrashRecord
      # @raise [ZCRMSDK::NoContentError] none on that page
      # @raise [ZCRMSDK::ZCRMException] Zoho's error answers (APIError subclasses), NetworkError,
      #   TimeoutError, ProtocolError
      def get_recyclebin_records(page = 1, per_page = 200)
        deleted_records(:recycle, page, per_page)
      end

      # Permanently deleted records, one page.
      # @param page [Integer]
      # @param per_page [Integer] at most 200
      # @return [ZCRMSDK::Response::BulkAPIResponse] `data` is an Array of ZCRMTrashRecord
      # @raise [ZCRMSDK::NoContentError] none on that page
      # @raise [ZCRMSDK::ZCRMException] Zoho's error answers (APIError subclasses), NetworkError,
      #   TimeoutError, ProtocolError
      def get_permanently_deleted_records(page = 1, per_page = 200)
        deleted_records(:permanent, page, per_page)
      end

      # Creates up to 100 records. BulkAPIResponse, data = the records that were created
      # (each filled with its id); per-record errors are in bulk_entity_response.
      # @param record_ins_list [Array<ZCRMSDK::Operations::ZCRMRecord>] without ids
      # @param lar_id [String, nil] a lead assignment rule
      # @return [ZCRMSDK::Response::BulkAPIResponse]
      # @raise [ZCRMSDK::ValidationError] more than 100 items, none, or a wrong item (nothing sent)
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def create_records(record_ins_list, lar_id = nil)
        records = Support.check_count!(record_ins_list, :records, 'create_records', of: ZCRMRecord)
        Support.require_new!(records, 'Records_Create', 'record', 'ID IS PROVIDED')
        args = { 'module' => api_name, 'records' => records.map { |r| Mapping::Records.to_api(r) }, 'lar_id' => lar_id }
        written(Support.bulk('records.create', args), records)
      end

      # Inserts or updates (matched by id, then by duplicate_check_fields). `lar_id` works
      # (1.0.x raised NameError).
      # @param record_ins_list [Array<ZCRMSDK::Operations::ZCRMRecord>]
      # @param duplicate_check_fields [Array<String>, String, nil]
      # @param lar_id [String, nil] a lead assignment rule
      # @return [ZCRMSDK::Response::BulkAPIResponse] `data` is the written records
      # @raise [ZCRMSDK::ValidationError] more than 100 items, none, or a wrong item (nothing sent)
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def upsert_records(record_ins_list, duplicate_check_fields = nil, lar_id = nil)
        records = Support.check_count!(record_ins_list, :records, 'upsert_records', of: ZCRMRecord)
        args = { 'module' => api_name, 'records' => records.map { |r| record_json_with_id(r) }, 'lar_id' => lar_id }
        args['duplicate_check_fields'] = Support.to_list(duplicate_check_fields).map(&:to_s) if duplicate_check_fields
        written(Support.bulk('records.upsert', args), records)
      end

      # Updates up to 100 records that have ids; one EntityResponse per record.
      # @param record_ins_list [Array<ZCRMSDK::Operations::ZCRMRecord>]
      # @return [ZCRMSDK::Response::BulkAPIResponse] `data` is the updated records
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def update_records(record_ins_list)
        records = Support.check_count!(record_ins_list, :records, 'update_records', of: ZCRMRecord)
        Support.require_existing!(records, 'Records_Update', 'record', 'RECORD ID NOT PROVIDED')
        args = { 'module' => api_name, 'records' => records.map { |r| record_json_with_id(r) } }
        written(Support.bulk('records.update', args), records)
      end

      # Sets one field to one value on up to 100 records (1.0.x: an update, not Zoho's
      # mass_update API). data = Array<ZCRMRecord> with ids only.
      # @param entityid_list [Array<String, Integer>]
      # @param field_api_name [String]
      # @param value [Object] not nil
      # @return [ZCRMSDK::Response::BulkAPIResponse]
      # @raise [ZCRMSDK::ValidationError] more than 100 items, none, or a wrong item (nothing sent)
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def mass_update_records(entityid_list, field_api_name, value)
        ids = Support.check_count!(entityid_list, :records, 'mass_update_records')
        Support.require!(field_api_name, 'mass_update_records', 'field api name must be provided',
                         'NO FIELD APINAME PROVIDED')
        Support.invalid!('mass_update_records', 'value must be provided', 'NO VALUE PROVIDED') if value.nil?
        rows = ids.map { |id| { 'id' => Support.id_string(id), field_api_name.to_s => Mapping.json_value(value) } }
        response = Support.bulk('records.update', 'module' => api_name, 'records' => rows)
        response.data = Support.map_successes(response, ids) { |_id, details| ZCRMRecord.new(api_name, details['id']) }
        response
      end

      # Deletes up to 100 records (ids or ZCRMRecords). Each EntityResponse's data is the
      # deleted ZCRMRecord.
      # @param entityid_list [Array<String, Integer, ZCRMSDK::Operations::ZCRMRecord>]
      # @return [ZCRMSDK::Response::BulkAPIResponse]
      # @raise [ZCRMSDK::ValidationError] more than 100 items, none, or a wrong item (nothing sent)
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def delete_records(entityid_list)
        ids = Support.check_count!(entityid_list, :records, 'delete_records').map { |id| Support.id_string(id) }
        response = Support.bulk('records.delete', 'module' => api_name, 'ids' => ids)
        response.bulk_entity_response.each do |entity_response|
          entity_response.data = ZCRMRecord.new(api_name, Mapping.as_hash(entity_response.details)['id'])
        end
        response
      end

      # One page of the module's records matching a word (Zoho searches every text field) (see #each_search_result for all).
      # @param search_word [String]
      # @param page [Integer]
      # @param per_page [Integer] at most 200
      # @return [ZCRMSDK::Response::BulkAPIResponse] `data` is an Array of ZCRMRecord
      # @raise [ZCRMSDK::NoContentError] no hits (1.0.x behaviour)
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def search_records(search_word, page = 1, per_page = 200)
        search('word', search_word, page, per_page)
      end

      # One page of the module's records matching a phone number (see #each_search_result for all).
      # @param phone [String]
      # @param page [Integer]
      # @param per_page [Integer] at most 200
      # @return [ZCRMSDK::Response::BulkAPIResponse] `data` is an Array of ZCRMRecord
      # @raise [ZCRMSDK::NoContentError] no hits (1.0.x behaviour)
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def search_records_by_phone(phone, page = 1, per_page = 200)
        search('phone', phone, page, per_page)
      end

      # One page of the module's records matching an email address (see #each_search_result for all).
      # @param email [String]
      # @param page [Integer]
      # @param per_page [Integer] at most 200
      # @return [ZCRMSDK::Response::BulkAPIResponse] `data` is an Array of ZCRMRecord
      # @raise [ZCRMSDK::NoContentError] no hits (1.0.x behaviour)
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def search_records_by_email(email, page = 1, per_page = 200)
        search('email', email, page, per_page)
      end

      # One page of the module's records matching criteria such as `(Last_Name:equals:O'Brien)` (see #each_search_result for all).
      # @param criteria [String]
      # @param page [Integer]
      # @param per_page [Integer] at most 200
      # @return [ZCRMSDK::Response::BulkAPIResponse] `data` is an Array of ZCRMRecord
      # @raise [ZCRMSDK::NoContentError] no hits (1.0.x behaviour)
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def search_records_by_criteria(criteria, page = 1, per_page = 200)
        search('criteria', criteria, page, per_page)
      end

      # ---- metadata ----------------------------------------------------------------------

      # The module's fields.
      # @return [ZCRMSDK::Response::BulkAPIResponse] `data` is an Array of ZCRMField
      # @raise [ZCRMSDK::ZCRMException] Zoho's error answers (APIError subclasses), NetworkError,
      #   TimeoutError, ProtocolError
      def get_all_fields
        metadata_list('fields') { |json| Mapping::Fields.from_api(json) }
      end

      # One field of the module.
      # @param field_id [String, Integer]
      # @return [ZCRMSDK::Response::APIResponse] `data` is the ZCRMField
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def get_field(field_id)
        Support.require!(field_id, 'get_field', 'field id must be given', 'FIELD ID IS NOT PROVIDED')
        metadata_one('fields', 'field_id' => field_id) { |json| Mapping::Fields.from_api(json) }
      end

      # The module's layouts, with their sections and fields.
      # @return [ZCRMSDK::Response::BulkAPIResponse] `data` is an Array of ZCRMLayout
      # @raise [ZCRMSDK::ZCRMException] Zoho's error answers (APIError subclasses), NetworkError,
      #   TimeoutError, ProtocolError
      def get_all_layouts
        metadata_list('layouts') { |json| Mapping::Layouts.from_api(json) }
      end

      # One layout of the module.
      # @param layout_id [String, Integer]
      # @return [ZCRMSDK::Response::APIResponse] `data` is the ZCRMLayout
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def get_layout(layout_id)
        Support.require!(layout_id, 'get_layout', 'layout id must be given', 'LAYOUT ID IS NOT PROVIDED')
        metadata_one('layouts', 'layout_id' => layout_id) { |json| Mapping::Layouts.from_api(json) }
      end

      # The module's custom views. Categories come from the answer's `info.translation`.
      # @return [ZCRMSDK::Response::BulkAPIResponse] `data` is an Array of ZCRMCustomView
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def get_all_customviews
        metadata_list('custom_views') do |json, response|
          Mapping::CustomViews.from_api(json, api_name, view_categories(response))
        end
      end

      # One custom view of the module.
      # @param customview_id [String, Integer]
      # @return [ZCRMSDK::Response::APIResponse] `data` is the ZCRMCustomView
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def get_customview(customview_id)
        Support.require!(customview_id, 'get_customview', 'custom view id must be given',
                         'CUSTOM VIEW ID IS NOT PROVIDED')
        metadata_one('custom_views', 'custom_view_id' => customview_id) do |json, response|
          Mapping::CustomViews.from_api(json, api_name, view_categories(response))
        end
      end

      # Changes a view's sort_by / sort_order. APIResponse without data.
      # @param customview_instance [ZCRMSDK::Operations::ZCRMCustomView] with its id
      # @return [ZCRMSDK::Response::APIResponse]
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def update_customview(customview_instance)
        if customview_instance.nil? || customview_instance.id.nil?
          Support.invalid!('update_customview', 'custom view instance must be given',
                           'NO CUSTOM VIEW INSTANCE PROVIDED')
        end
        Support.single('custom_views.update', 'module' => api_name,
                                              'custom_view_id' => Support.id_string(customview_instance.id),
                                              'custom_view' => Mapping::CustomViews.to_api(customview_instance))
      end

      # The module's related lists.
      # @return [ZCRMSDK::Response::BulkAPIResponse] `data` is an Array of ZCRMModuleRelatedList
      # @raise [ZCRMSDK::ZCRMException] Zoho's error answers (APIError subclasses), NetworkError,
      #   TimeoutError, ProtocolError
      def get_all_relatedlists
        metadata_list('related_lists') { |json| Mapping::RelatedLists.from_api(json) }
      end

      # One related list of the module.
      # @param relatedlist_id [String, Integer]
      # @return [ZCRMSDK::Response::APIResponse] `data` is the ZCRMModuleRelatedList
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def get_relatedlist(relatedlist_id)
        Support.require!(relatedlist_id, 'get_relatedlist', 'Related list id must be given',
                         'NO RELATED LIST ID PROVIDED')
        metadata_one('related_lists', 'related_list_id' => relatedlist_id) do |json|
          Mapping::RelatedLists.from_api(json)
        end
      end

      # ---- tags --------------------------------------------------------------------------

      # The module's tags.
      # @return [ZCRMSDK::Response::BulkAPIResponse] `data` is an Array of ZCRMTag
      # @raise [ZCRMSDK::ZCRMException] Zoho's error answers (APIError subclasses), NetworkError,
      #   TimeoutError, ProtocolError
      def get_tags
        Support.list('tags.list', { 'module' => api_name }, 'tags') { |json| Mapping::Tags.from_api(json, api_name) }
      end

      # APIResponse, data = ZCRMTag(tag_id) with its record `count`.
      # @param tag_id [String, Integer]
      # @return [ZCRMSDK::Response::APIResponse]
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def get_tag_count(tag_id)
        Support.require!(tag_id, 'get_tag_count', 'Tag id must be given', 'NO TAG ID PROVIDED')
        response = Support.single('tags.count', 'module' => api_name, 'tag_id' => Support.id_string(tag_id))
        tag = ZCRMTag.new(Support.id_string(tag_id))
        tag.module_apiname = api_name
        response.data = Mapping::Tags.fill(tag, response.response_json)
        response
      end

      # Creates tags (without ids) in the module; they get their ids.
      # @param tags_list [Array<ZCRMSDK::Operations::ZCRMTag>]
      # @return [ZCRMSDK::Response::BulkAPIResponse] `data` is the created tags
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def create_tags(tags_list)
        tags = Support.check_count!(tags_list, :tags, 'create_tags', of: ZCRMTag)
        Support.require_new!(tags, 'Tags_Create', 'tag', 'TAG ID PROVIDED')
        written_tags(Support.bulk('tags.create', tags_args(tags)), tags)
      end

      # Renames tags (with ids).
      # @param tags_list [Array<ZCRMSDK::Operations::ZCRMTag>]
      # @return [ZCRMSDK::Response::BulkAPIResponse] `data` is the updated tags
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def update_tags(tags_list)
        tags = Support.check_count!(tags_list, :tags, 'update_tags', of: ZCRMTag)
        Support.require_existing!(tags, 'Tags_update', 'tag', 'TAG ID NOT PROVIDED')
        written_tags(Support.bulk('tags.update', tags_args(tags)), tags)
      end

      # Tags up to 100 records (ids or ZCRMRecords) with up to 50 tag names (or ZCRMTags).
      # data = Array<ZCRMRecord> with their tag_list.
      # @param tags_list [Array<String, ZCRMSDK::Operations::ZCRMTag>] at most 50
      # @param record_list [Array<String, Integer, ZCRMSDK::Operations::ZCRMRecord>] at most 100
      # @return [ZCRMSDK::Response::BulkAPIResponse]
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def add_tags_to_multiple_records(tags_list, record_list)
        tag_records('tags.add_to_records', 'add_tags_to_multiple_records', tags_list, record_list)
      end

      # Removes tags from up to 100 records; data = the records with their remaining tag_list.
      # @param tags_list [Array<String, ZCRMSDK::Operations::ZCRMTag>] at most 50
      # @param record_list [Array<String, Integer, ZCRMSDK::Operations::ZCRMRecord>] at most 100
      # @return [ZCRMSDK::Response::BulkAPIResponse]
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def remove_tags_from_multiple_records(tags_list, record_list)
        tag_records('tags.remove_from_records', 'remove_tags_from_multiple_records', tags_list, record_list)
      end

      # ---- beyond 1.0.x: every page, lazily (see Pagination) -----------------------------

      RECORD_LIST_KEYWORDS = (Support::LIST_OPTION_KEYS - %i[page page_token per_page]).freeze

      # Every record of the module, page after page: an Enumerator without a block.
      # Options are get_records' keywords (fields:, cvid:, sort_by:, sort_order:, converted:,
      # approved:, modified_since:, headers:), except page:.
      #
      #     leads.each_record(fields: %w[Last_Name Email]) { |record| ... }
      #     leads.each_record.lazy.select { |r| r['Email'] }.first(5)
      #
      # @param per_page [Integer] at most 200
      # @param prefetch [Boolean] fetch the next page while this one is consumed
      # @param options [Hash{Symbol => Object}] get_records' keywords
      # It goes as deep as Zoho lets the configured API version list a module: the first
      # 2,000 records with v2 and v2.1 (by `page`); with v3 and later, on by page_token up to
      # 100,000 (v3+ lists need `fields:`). Past that it raises PaginationLimitError when it
      # gets there, after yielding every record Zoho listed.
      #
      # @yieldparam record [ZCRMSDK::Operations::ZCRMRecord]
      # @return [Enumerator<ZCRMSDK::Operations::ZCRMRecord>, self] self when given a block
      # @raise [ArgumentError] an unknown option
      # @raise [ZCRMSDK::PaginationLimitError] more records follow the last one Zoho lists
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def each_record(per_page: Pagination::PER_PAGE, prefetch: true, **options, &block)
        Pagination.check_keywords!(options, RECORD_LIST_KEYWORDS)
        return enum_for(:each_record, per_page: per_page, prefetch: prefetch, **options) unless block

        depth = Pagination::RecordListDepth.new(api_name) { Internal.engine!.page_token_limit }
        fetch_page = ->(position) { get_records(**options, **position, per_page: per_page) }
        Pagination.each_entity(fetch_page, prefetch: prefetch, depth: depth, &block)
        self
      end

      # Every record matching a query through Zoho's Bulk Read (see ZCRMSDK::BulkRead): Zoho
      # exports them as CSV files of up to 200,000 records, read lazily in Rust.
      #
      #     leads.bulk_read(fields: %w[Last_Name Email]).each { |lead| ... }   # records, lazily
      #     leads.bulk_read(criteria: { api_name: 'Lead_Source', comparator: 'equal', value: 'Web' },
      #                     to: 'web_leads.csv')                               # one CSV file
      #
      # @param to [String, Pathname, IO, nil] write the CSV there instead of yielding records
      # @param options [Hash{Symbol => Object}] fields:, criteria:, cvid:, page:, callback_url:,
      #   poll_interval:, max_poll_interval:, max_wait: (see {ZCRMSDK::BulkRead#initialize})
      # @yieldparam record [ZCRMSDK::Operations::ZCRMRecord]
      # @return [Enumerator<ZCRMSDK::Operations::ZCRMRecord>, ZCRMSDK::BulkRead] the BulkRead (its
      #   job_ids and count) when given a block or `to:`
      # @raise [ArgumentError] an unknown or bad option, or both a block and `to:`
      # @raise [ZCRMSDK::ValidationError] bad criteria or target (nothing sent)
      # @raise [ZCRMSDK::TimeoutError] a job was not completed within max_wait
      # @raise [ZCRMSDK::ZCRMException] Zoho's error answers (APIError subclasses), NetworkError, ProtocolError
      def bulk_read(to: nil, **options, &block)
        raise ArgumentError, 'bulk_read takes a block (records) or to: (a CSV), not both' if to && block

        run = BulkRead.new(api_name, **options)
        return run.write_csv(to) if to
        return run.each(&block) if block

        run.each
      end

      # Every hit of a search by exactly one of word:, email:, phone:, criteria:.
      #
      #     contacts.each_search_result(criteria: '(Last_Name:equals:Smith)') { |record| ... }
      #
      # @param word [String, nil]
      # @param email [String, nil]
      # @param phone [String, nil]
      # @param criteria [String, nil]
      # @param per_page [Integer] at most 200
      # @param prefetch [Boolean] fetch the next page while this one is consumed
      # @yieldparam record [ZCRMSDK::Operations::ZCRMRecord]
      # @return [Enumerator<ZCRMSDK::Operations::ZCRMRecord>, self] self when given a block
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def each_search_result(word: nil, email: nil, phone: nil, criteria: nil, per_page: Pagination::PER_PAGE,
                             prefetch: true, &block)
        terms = { word: word, email: email, phone: phone, criteria: criteria }
        kind, value = search_term!(terms)
        return enum_for(:each_search_result, **terms, per_page: per_page, prefetch: prefetch) unless block

        fetch_page = ->(page) { search(kind, value, page, per_page) }
        Pagination.each_entity(fetch_page, prefetch: prefetch, &block)
        self
      end

      # Every deleted record (ZCRMTrashRecord) of type 'all', 'recycle' or 'permanent';
      # with modified_since:, only those deleted after it (Zoho's If-Modified-Since header,
      # https://www.zoho.com/crm/developer/docs/api/v2/get-deleted-records.html).
      # @param type [String]
      # @param modified_since [Time, String, nil] a Time or an ISO-8601 String
      # @param per_page [Integer] at most 200
      # @param prefetch [Boolean] fetch the next page while this one is consumed
      # @yieldparam record [ZCRMSDK::Operations::ZCRMTrashRecord]
      # @return [Enumerator<ZCRMSDK::Operations::ZCRMTrashRecord>, self] self when given a block
      # @raise [ArgumentError] another type
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def each_deleted_record(type: 'all', modified_since: nil, per_page: Pagination::PER_PAGE, prefetch: true,
                              &block)
        type_key = type.to_s.to_sym
        unless DELETED_TYPES.key?(type_key)
          raise ArgumentError, "type must be one of #{DELETED_TYPES.values.join(', ')} (got #{type.inspect})"
        end
        unless block
          return enum_for(:each_deleted_record, type: type, modified_since: modified_since, per_page: per_page,
                                                prefetch: prefetch)
        end

        fetch_page = ->(page) { deleted_records(type_key, page, per_page, modified_since) }
        Pagination.each_entity(fetch_page, prefetch: prefetch, &block)
        self
      end

      # ---- beyond 1.0.x: incremental sync (see ZCRMSDK::Sync) -------------------------

      # The changes since `checkpoint` (a ZCRMSDK::Sync::Checkpoint, or nil for everything):
      # each upserted ZCRMRecord, oldest Modified_Time first, then each ZCRMTrashRecord. The
      # block gets the change and the checkpoint to persist once it is handled:
      #   leads.sync(checkpoint) { |change, after| mirror(change); save(after) }
      # Returns the ZCRMSDK::Sync (its `checkpoint` is where a next run starts); without a
      # block, the ZCRMSDK::Sync to enumerate.
      # @param checkpoint [ZCRMSDK::Sync::Checkpoint, Hash, String, nil] where the last run stopped
      #   (a Checkpoint, its `to_h` or its `to_json`); nil for everything
      # @param per_page [Integer] at most 200
      # @yieldparam change [ZCRMSDK::Operations::ZCRMRecord, ZCRMSDK::Operations::ZCRMTrashRecord]
      # @yieldparam checkpoint [ZCRMSDK::Sync::Checkpoint] to persist once the change is handled
      # @return [ZCRMSDK::Sync]
      # @raise [ArgumentError] a checkpoint of another module, or one that cannot be read (see
      #   {ZCRMSDK::Sync#initialize})
      # @raise [ZCRMSDK::Sync::MissingTimeError] an answer without the time of a change
      # @raise [ZCRMSDK::ZCRMException] Zoho's error answers, NetworkError, TimeoutError
      def sync(checkpoint = nil, per_page: Pagination::PER_PAGE, &block)
        run = ZCRMSDK::Sync.new(self, checkpoint, per_page: per_page)
        block ? run.each(&block) : run
      end

      # ---- beyond 1.0.x: Bulk Write (see ZCRMSDK::BulkWrite) ---------------------------

      # Inserts, updates or upserts any number of rows through Zoho's Bulk Write jobs, and
      # waits for them: 25,000 rows a job, read from `rows` as they come.
      #   result = leads.bulk_write(rows, operation: :upsert, find_by: 'Email')
      #   result.each { |outcome| warn outcome.errors.join(' ') if outcome.skipped? }
      # @param rows [Enumerable<Hash, ZCRMSDK::Operations::ZCRMRecord>] Hashes of field API name => value, or records
      # @param operation [Symbol] :insert, :update or :upsert
      # @param find_by [String, nil] 'id' or a unique field that update and upsert match on (update: 'id')
      # @param options [Hash{Symbol => Object}] fields:, ignore_empty:, callback_url:, poll_interval:,
      #   wait_timeout:, rows_per_file:, org_id: (see {ZCRMSDK::BulkWrite#initialize})
      # @return [ZCRMSDK::BulkWrite::Result] counts, and each row's outcome when enumerated
      # @raise [ArgumentError] no rows, a row that does not fit the columns, a bad option
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a job refused before sending; Zoho's error
      #   answers, NetworkError, TimeoutError
      def bulk_write(rows, operation: :insert, find_by: nil, **options)
        ZCRMSDK::BulkWrite.new(api_name, operation: operation, find_by: find_by, **options).run(rows)
      end

      # ---- beyond 1.0.x: more than 100 records (see Batching) ----------------------------

      # create_records for any number of records. create_records & co above still raise MORE RECORDS PROVIDED beyond 100 records, as
      # 1.0.x did (code written for it may rely on that). These send batches of 100 in input
      # order and return one BulkAPIResponse (a Batching::BatchedResponse) shaped like
      # theirs. The whole list is validated before the first batch is sent.
      #
      # `progress:` (anything that responds to `call`, e.g. a lambda) is called after each
      # batch that Zoho answered with the records sent so far and the total:
      #
      #     leads.create_records_in_batches(records, progress: ->(done, total) { puts "#{done}/#{total}" })
      #
      # @param records [Array<ZCRMSDK::Operations::ZCRMRecord>] without ids
      # @param lar_id [String, nil] a lead assignment rule
      # @param progress [#call, nil] called with (done, total) after each batch
      # @return [ZCRMSDK::Operations::Batching::BatchedResponse]
      # @raise [ZCRMSDK::ZCRMException] ValidationError before the first batch for a bad list; a batch's
      #   failure as a whole stops the run, raised with its class, tagged with Batching::BatchFailure
      # @raise [ArgumentError] progress does not respond to call
      def create_records_in_batches(records, lar_id: nil, progress: nil)
        records = Batching.records!(records, 'create_records_in_batches', of: ZCRMRecord)
        Support.require_new!(records, 'create_records_in_batches', 'record', 'ID IS PROVIDED')
        Batching.run(records, progress: progress) { |batch| create_records(batch, lar_id) }
      end

      # update_records for any number of records, 100 a request (see #create_records_in_batches).
      # @param records [Array<ZCRMSDK::Operations::ZCRMRecord>] with ids
      # @param progress [#call, nil] called with (done, total) after each batch
      # @return [ZCRMSDK::Operations::Batching::BatchedResponse]
      # @raise [ZCRMSDK::ZCRMException] ValidationError before the first batch for a bad list; a batch's
      #   failure as a whole stops the run, raised with its class, tagged with Batching::BatchFailure
      # @raise [ArgumentError] progress does not respond to call
      def update_records_in_batches(records, progress: nil)
        records = Batching.records!(records, 'update_records_in_batches', of: ZCRMRecord)
        Support.require_existing!(records, 'update_records_in_batches', 'record', 'RECORD ID NOT PROVIDED')
        Batching.run(records, progress: progress) { |batch| update_records(batch) }
      end

      # upsert_records for any number of records, 100 a request.
      # @param records [Array<ZCRMSDK::Operations::ZCRMRecord>]
      # @param duplicate_check_fields [Array<String>, String, nil] the fields that find an existing record
      # @param lar_id [String, nil] a lead assignment rule
      # @param progress [#call, nil] called with (done, total) after each batch
      # @return [ZCRMSDK::Operations::Batching::BatchedResponse]
      # @raise [ZCRMSDK::ZCRMException] ValidationError before the first batch for a bad list; a batch's
      #   failure as a whole stops the run, raised with its class, tagged with Batching::BatchFailure
      # @raise [ArgumentError] progress does not respond to call
      def upsert_records_in_batches(records, duplicate_check_fields: nil, lar_id: nil, progress: nil)
        records = Batching.records!(records, 'upsert_records_in_batches', of: ZCRMRecord)
        Batching.run(records, progress: progress) { |batch| upsert_records(batch, duplicate_check_fields, lar_id) }
      end

      # data = the deleted records (delete_records leaves data nil; each EntityResponse#data
      # holds its record, as there).
      # @param ids [Array<String, Integer, ZCRMSDK::Operations::ZCRMRecord>]
      # @param progress [#call, nil] called with (done, total) after each batch
      # @return [ZCRMSDK::Operations::Batching::BatchedResponse]
      # @raise [ZCRMSDK::ZCRMException] ValidationError before the first batch for a bad list; a batch's
      #   failure as a whole stops the run, raised with its class, tagged with Batching::BatchFailure
      # @raise [ArgumentError] progress does not respond to call
      def delete_records_in_batches(ids, progress: nil)
        ids = Batching.records!(ids, 'delete_records_in_batches')
        response = Batching.run(ids, progress: progress) { |batch| delete_records(batch) }
        response.data = response.bulk_entity_response.select(&:success?).map(&:data)
        response
      end

      # mass_update_records for any number of ids, 100 a request.
      # @param ids [Array<String, Integer, ZCRMSDK::Operations::ZCRMRecord>]
      # @param field_api_name [String]
      # @param value [Object]
      # @param progress [#call, nil] called with (done, total) after each batch
      # @return [ZCRMSDK::Operations::Batching::BatchedResponse]
      # @raise [ZCRMSDK::ZCRMException] ValidationError before the first batch for a bad list; a batch's
      #   failure as a whole stops the run, raised with its class, tagged with Batching::BatchFailure
      # @raise [ArgumentError] progress does not respond to call
      def mass_update_records_in_batches(ids, field_api_name, value, progress: nil)
        ids = Batching.records!(ids, 'mass_update_records_in_batches')
        Support.require!(field_api_name, 'mass_update_records_in_batches', 'field api name must be provided',
                         'NO FIELD APINAME PROVIDED')
        Support.invalid!('mass_update_records_in_batches', 'value must be provided', 'NO VALUE PROVIDED') if value.nil?
        Batching.run(ids, progress: progress) { |batch| mass_update_records(batch, field_api_name, value) }
      end

      private

      # [kind, value] of each_search_result's one search term; 1.0.x's error when it is missing.
      def search_term!(search)
        terms = search.reject { |_, value| Support.blank?(value) }
        if terms.empty?
          Support.invalid!('each_search_result', 'search word must be given', 'SEARCH WORD NOT PROVIDED')
        end
        if terms.size > 1
          Support.invalid!('each_search_result', 'give one of word:, email:, phone:, criteria:', 'INVALID ARGUMENT')
        end
        kind, value = terms.first
        [kind.to_s, value.to_s]
      end

      def record_json_with_id(record)
        json = Mapping::Records.to_api(record)
        json['id'] = Support.id_string(record.entity_id) unless record.entity_id.nil?
        json
      end

      # Successful entries fill the matching input record, as 1.0.x did.
      def written(response, records)
        response.data = Support.map_successes(response, records) do |record, details|
          Mapping::Records.fill_from_details(record, details)
        end
        response
      end

      def tags_args(tags)
        { 'module' => api_name, 'tags' => tags.map { |tag| Mapping::Tags.to_api(tag) } }
      end

      def written_tags(response, tags)
        response.data = Support.map_successes(response, tags) do |tag, details|
          tag.module_apiname ||= api_name
          Mapping::Tags.fill(tag, details)
        end
        response
      end

      def deleted_records(type, page, per_page, modified_since = nil)
        args = { 'module' => api_name, 'type' => DELETED_TYPES.fetch(type), 'page' => page, 'per_page' => per_page,
                 'modified_since' => Support.iso8601(modified_since) }
        Support.list('records.deleted', args, 'data') { |json| Mapping::TrashRecords.from_api(json, api_name) }
      end

      def search(kind, value, page, per_page)
        Support.require!(value, 'search_records', 'search word must be given', 'SEARCH WORD NOT PROVIDED')
        args = { 'module' => api_name, kind => value.to_s, 'page' => page, 'per_page' => per_page }
        Support.records('records.search', args, api_name)
      end

      def metadata_list(resource)
        Support.list("#{resource}.list", { 'module' => api_name }, resource) { |json, response| yield(json, response) }
      end

      def metadata_one(resource, id_arg)
        args = id_arg.transform_values { |id| Support.id_string(id) }.merge('module' => api_name)
        Support.one("#{resource}.get", args, resource) { |json, response| yield(json, response) }
      end

      def view_categories(response)
        info = Mapping.as_hash((response.response_json || {})['info'])
        info['translation']
      end

      def tag_records(operation, method_name, tags_list, record_list)
        names = Support.tag_names(Support.check_count!(tags_list, :tags, method_name))
        ids = Support.check_count!(record_list, :records, method_name).map { |record| Support.id_string(record) }
        response = Support.bulk(operation, 'module' => api_name, 'ids' => ids, 'tag_names' => names)
        response.data = Support.map_successes(response, ids) do |_id, details|
          tagged_record(details)
        end
        response
      end

      def tagged_record(details)
        record = ZCRMRecord.new(api_name, details['id'])
        record.tag_list = Mapping.as_array(details['tags']).map { |tag| Mapping::Records.tag_reference(tag) }
        record
      end
    end
  end
end
