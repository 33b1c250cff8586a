# frozen_string_literal: true

module ZCRMSDK
  module Operations
    # A record's related list (`Notes`, `Attachments`, `Contacts`...) or a relation to one
    # related record (a ZCRMJunctionRecord). ZCRMRecord's attachment, note and relation
    # methods delegate here, as in 1.0.x.
    class ZCRMModuleRelation
      attr_accessor :parent_record, :parent_module_api_name, :junction_record, :api_name, :label, :id,
                    :is_visible

      # 1.0.x's constructor, the same as `new`; it sends nothing.
      # @param parentmodule_apiname_or_parentrecord [String, ZCRMSDK::Operations::ZCRMRecord] the parent module, or the parent record
      # @param related_list_apiname_or_junction_record [String, ZCRMSDK::Operations::ZCRMJunctionRecord] the related list, or the related record
      # @return [ZCRMSDK::Operations::ZCRMModuleRelation]
      def self.get_instance(parentmodule_apiname_or_parentrecord, related_list_apiname_or_junction_record)
        new(parentmodule_apiname_or_parentrecord, related_list_apiname_or_junction_record)
      end

      # @param parentmodule_apiname_or_parentrecord [String, ZCRMSDK::Operations::ZCRMRecord]
      # @param related_list_apiname_or_junction_record [String, ZCRMSDK::Operations::ZCRMJunctionRecord, nil]
      def initialize(parentmodule_apiname_or_parentrecord, related_list_apiname_or_junction_record = nil)
        if parentmodule_apiname_or_parentrecord.is_a?(ZCRMRecord)
          @parent_record = parentmodule_apiname_or_parentrecord
        else
          @parent_module_api_name = parentmodule_apiname_or_parentrecord
        end
        if related_list_apiname_or_junction_record.is_a?(ZCRMJunctionRecord)
          @junction_record = related_list_apiname_or_junction_record
        else
          @api_name = related_list_apiname_or_junction_record
        end
      end

      # The related records. BulkAPIResponse, data = Array<ZCRMRecord> of the related
      # module. `sort_by_field` is sent under that name (1.0.x).
      # @param sort_by_field [String, nil]
      # @param sort_order [String, nil] 'asc' or 'desc'
      # @param page [Integer]
      # @param per_page [Integer] at most 200
      # @param fields [Array<String>, String, nil]
      # @param modified_since [Time, String, nil]
      # @return [ZCRMSDK::Response::BulkAPIResponse]
      # @raise [ZCRMSDK::NoContentError] none on that page
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def get_records(sort_by_field = nil, sort_order = nil, page = 1, per_page = 20, fields: nil, modified_since: nil)
        args = parent_args('get_records').merge('related_list' => api_name, 'sort_by' => sort_by_field,
                                                'sort_order' => sort_order, 'page' => page, 'per_page' => per_page)
        args.merge!(Support.list_options(fields: fields, modified_since: modified_since))
        Support.records('relations.list', args, api_name)
      end

      # ---- attachments -------------------------------------------------------------------

      # APIResponse, data = the new ZCRMAttachment, with its parent record (nil in 1.0.x).
      # @param file_path [String, Pathname]
      # @return [ZCRMSDK::Response::APIResponse]
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def upload_attachment(file_path)
        Support.require!(file_path, 'upload_attachment', 'file path must be given', 'FILEPATH NOT PROVIDED')
        args = parent_args('upload_attachment').merge('file_path' => file_path.to_s)
        uploaded(Support.single('attachments.upload', args))
      end

      # Attaches a URL to the parent record.
      # @param link_url [String]
      # @return [ZCRMSDK::Response::APIResponse] `data` is the new ZCRMAttachment
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def upload_link_as_attachment(link_url)
        Support.require!(link_url, 'upload_link_as_attachment', 'link URL must be given', 'URL_LINK NOT PROVIDED')
        args = parent_args('upload_link_as_attachment').merge('link_url' => link_url.to_s)
        uploaded(Support.single('attachments.upload', args))
      end

      # FileAPIResponse; `to:` (new) streams the file to a path or an IO instead of memory.
      # @param attachment_id [String, Integer]
      # @param to [String, Pathname, IO, nil]
      # @return [ZCRMSDK::Response::FileAPIResponse]
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def download_attachment(attachment_id, to: nil)
        Support.file('attachments.download', attachment_args(attachment_id, 'download_attachment'), to: to)
      end

      # Deletes an attachment of the parent record.
      # @param attachment_id [String, Integer]
      # @return [ZCRMSDK::Response::APIResponse]
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def delete_attachment(attachment_id)
        Support.single('attachments.delete', attachment_args(attachment_id, 'delete_attachment'))
      end

      # One page of the parent record's attachments.
      # @param page [Integer]
      # @param per_page [Integer] at most 200
      # @return [ZCRMSDK::Response::BulkAPIResponse] `data` is an Array of ZCRMAttachment
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def get_attachments(page = 1, per_page = 20)
        args = parent_args('get_attachments').merge('page' => page, 'per_page' => per_page)
        Support.list('attachments.list', args, 'data') do |json|
          Mapping::Attachments.from_api(json, parent_record)
        end
      end

      # ---- relation to one record --------------------------------------------------------

      # Links junction_record (with its related_data, e.g. Contact_Role) to the parent.
      # @return [ZCRMSDK::Response::APIResponse]
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def add_relation
        args = junction_args('add_relation').merge('data' => Mapping.json_value(junction_record.related_data || {}))
        Support.single('relations.update', args)
      end

      # Unlinks the junction record from the parent.
      # @return [ZCRMSDK::Response::APIResponse]
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def remove_relation
        Support.single('relations.delete', junction_args('remove_relation'))
      end

      # ---- notes -------------------------------------------------------------------------

      # BulkAPIResponse; beyond 1.0.x, data = the created notes, with their ids.
      # @param zcrm_note_instances [Array<ZCRMSDK::Operations::ZCRMNote>] at most 100
      # @return [ZCRMSDK::Response::BulkAPIResponse]
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def add_notes(zcrm_note_instances)
        notes = Support.check_count!(zcrm_note_instances, :notes, 'add_notes', of: ZCRMNote)
        Support.require_new!(notes, 'add_notes', 'note', 'NOTE ID PROVIDED')
        args = parent_args('add_notes').merge('notes' => notes.map { |note| Mapping::Notes.to_api(note) })
        response = Support.bulk('notes.create_for_record', args)
        response.data = Support.map_successes(response, notes) do |note, details|
          Mapping::Notes.from_api(details, note, parent_record)
        end
        response
      end

      # Writes a note of the parent record's back to Zoho.
      # @param zcrm_note_ins [ZCRMSDK::Operations::ZCRMNote] with its id
      # @return [ZCRMSDK::Response::APIResponse] `data` is the note
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def update_note(zcrm_note_ins)
        note_id = note_id!(zcrm_note_ins, 'update_note')
        args = parent_args('update_note').merge('note_id' => note_id, 'note' => Mapping::Notes.to_api(zcrm_note_ins))
        response = Support.single('notes.update_for_record', args)
        response.data = Mapping::Notes.from_api(response.details, zcrm_note_ins, parent_record)
        response
      end

      # Deletes a note of the parent record's.
      # @param zcrm_note_ins [ZCRMSDK::Operations::ZCRMNote] with its id
      # @return [ZCRMSDK::Response::APIResponse]
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def delete_note(zcrm_note_ins)
        note_id = note_id!(zcrm_note_ins, 'delete_note')
        Support.single('notes.delete_for_record', parent_args('delete_note').merge('note_id' => note_id))
      end

      # One page of the parent record's notes.
      # @param sort_by [String, nil]
      # @param sort_order [String, nil] 'asc' or 'desc'
      # @param page [Integer]
      # @param per_page [Integer] at most 200
      # @return [ZCRMSDK::Response::BulkAPIResponse] `data` is an Array of ZCRMNote
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def get_notes(sort_by = nil, sort_order = nil, page = 1, per_page = 200)
        args = parent_args('get_notes').merge('sort_by' => sort_by, 'sort_order' => sort_order,
                                              'page' => page, 'per_page' => per_page)
        Support.list('notes.list_for_record', args, 'data') do |json|
          Mapping::Notes.from_api(json, nil, parent_record)
        end
      end

      # ---- beyond 1.0.x: every page, lazily (see Pagination) -----------------------------
      # Enumerators without a block. Pages of 200 (Zoho's maximum), not 1.0.x's 20: fewer
      # requests.

      # Every record of the related list, page after page.
      # @param sort_by [String, nil]
      # @param sort_order [String, nil] 'asc' or 'desc'
      # @param fields [Array<String>, String, nil]
      # @param modified_since [Time, String, nil]
      # @param per_page [Integer] at most 200
      # @param prefetch [Boolean] fetch the next page while this one is consumed
      # @yieldparam record [ZCRMSDK::Operations::ZCRMRecord]
      # @return [Enumerator, self] self when given a block
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing id or related list (nothing
      #   sent); Zoho's error answers, NetworkError, TimeoutError, ProtocolError
      def each_record(sort_by: nil, sort_order: nil, fields: nil, modified_since: nil,
                      per_page: Pagination::PER_PAGE, prefetch: true, &block)
        parent_args('each_related_record')
        Support.require!(api_name, 'each_related_record', 'related_list must be given',
                         'NO RELATED LIST API NAME PROVIDED')
        options = { sort_by: sort_by, sort_order: sort_order, fields: fields, modified_since: modified_since }
        return enum_for(:each_record, **options, per_page: per_page, prefetch: prefetch) unless block

        fetch_page = lambda do |page|
          get_records(sort_by, sort_order, page, per_page, fields: fields, modified_since: modified_since)
        end
        Pagination.each_entity(fetch_page, prefetch: prefetch, &block)
        self
      end

      # Every note of the parent record, page after page.
      # @param sort_by [String, nil]
      # @param sort_order [String, nil] 'asc' or 'desc'
      # @param per_page [Integer] at most 200
      # @param prefetch [Boolean] fetch the next page while this one is consumed
      # @yieldparam note [ZCRMSDK::Operations::ZCRMNote]
      # @return [Enumerator, self] self when given a block
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def each_note(sort_by: nil, sort_order: nil, per_page: Pagination::PER_PAGE, prefetch: true, &block)
        parent_args('each_note')
        options = { sort_by: sort_by, sort_order: sort_order }
        return enum_for(:each_note, **options, per_page: per_page, prefetch: prefetch) unless block

        fetch_page = ->(page) { get_notes(sort_by, sort_order, page, per_page) }
        Pagination.each_entity(fetch_page, prefetch: prefetch, &block)
        self
      end

      # Every attachment of the parent record, page after page.
      # @param per_page [Integer] at most 200
      # @param prefetch [Boolean] fetch the next page while this one is consumed
      # @yieldparam attachment [ZCRMSDK::Operations::ZCRMAttachment]
      # @return [Enumerator, self] self when given a block
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def each_attachment(per_page: Pagination::PER_PAGE, prefetch: true, &block)
        parent_args('each_attachment')
        return enum_for(:each_attachment, per_page: per_page, prefetch: prefetch) unless block

        fetch_page = ->(page) { get_attachments(page, per_page) }
        Pagination.each_entity(fetch_page, prefetch: prefetch, &block)
        self
      end

      private

      # 1.0.x needed a String entity_id here (it concatenated it); any id works now.
      def parent_args(method_name)
        if parent_record.nil? || parent_record.entity_id.nil?
          Support.invalid!(method_name, 'parent record and its id must be given', 'RECORD ID NOT PROVIDED')
        end
        { 'module' => parent_record.module_api_name, 'record_id' => Support.id_string(parent_record.entity_id) }
      end

      def attachment_args(attachment_id, method_name)
        Support.require!(attachment_id, method_name, 'attachment id must be given', 'ID IS NOT PROVIDED')
        parent_args(method_name).merge('attachment_id' => Support.id_string(attachment_id))
      end

      def junction_args(method_name)
        if junction_record.nil? || junction_record.id.nil?
          Support.invalid!(method_name, 'junction_record must be given', 'JUNCTION RECORD NOT PROVIDED')
        end
        parent_args(method_name).merge('related_list' => junction_record.api_name,
                                       'related_id' => Support.id_string(junction_record.id))
      end

      def note_id!(note, method_name)
        if note.nil? || note.id.nil?
          Support.invalid!(method_name, 'note instance and note id must be given',
                           'NOTE INSTANCE OR NOTE ID NOT PROVIDED')
        end
        Support.id_string(note.id)
      end

      def uploaded(response)
        response.data = Mapping::Attachments.from_api(response.details, parent_record)
        response
      end
    end
  end
end
