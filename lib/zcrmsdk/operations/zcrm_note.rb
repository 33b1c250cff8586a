# frozen_string_literal: true

module ZCRMSDK
  module Operations
    # A note, attached to a parent record. Its own attachments go through the `Notes`
    # module (`Notes/{note id}/Attachments`), as in 1.0.x.
    class ZCRMNote
      attr_accessor :is_editable, :id, :parent_record, :title, :content, :owner, :created_by, :created_time,
                    :modified_by, :modified_time, :attachments, :size, :is_voice_note, :parent_module,
                    :parent_name, :parent_id

      # 1.0.x's constructor, the same as `new`; it sends nothing.
      # @param parent_record [ZCRMSDK::Operations::ZCRMRecord, nil] the record it belongs to
      # @param note_id [String, Integer, nil] the note id
      # @return [ZCRMSDK::Operations::ZCRMNote]
      def self.get_instance(parent_record = nil, note_id = nil)
        new(parent_record, note_id)
      end

      # @param parent_record [ZCRMSDK::Operations::ZCRMRecord, nil] the record it belongs to
      # @param note_id [String, Integer, nil] the note id
      def initialize(parent_record = nil, note_id = nil)
        @id = note_id
        @parent_record = parent_record
        return if parent_record.nil?

        @parent_module = parent_record.module_api_name
        @parent_id = parent_record.entity_id
      end

      # Attaches a file to the note.
      # @param file_path [String, Pathname]
      # @return [ZCRMSDK::Response::APIResponse] `data` is the new ZCRMAttachment
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def upload_attachment(file_path)
        attachments_relation.upload_attachment(file_path)
      end

      # Downloads an attachment of the note.
      # @param attachment_id [String, Integer]
      # @param to [String, Pathname, IO, nil] stream to this path or IO instead of memory
      # @return [ZCRMSDK::Response::FileAPIResponse]
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def download_attachment(attachment_id, to: nil)
        attachments_relation.download_attachment(attachment_id, to: to)
      end

      # One page of the note's attachments.
      # @param page [Integer]
      # @param per_page [Integer]
      # @return [ZCRMSDK::Response::BulkAPIResponse] `data` is an Array of ZCRMAttachment
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def get_attachments(page = 1, per_page = 20)
        attachments_relation.get_attachments(page, per_page)
      end

      # Deletes an attachment of the note.
      # @param attachment_id [String, Integer]
      # @return [ZCRMSDK::Response::APIResponse]
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def delete_attachment(attachment_id)
        attachments_relation.delete_attachment(attachment_id)
      end

      # Beyond 1.0.x: every attachment of the note, page after page (see Pagination); an
      # Enumerator without a block, the note with one. Options: per_page:, prefetch:.
      # @param options [Hash{Symbol => Object}]
      # @yieldparam attachment [ZCRMSDK::Operations::ZCRMAttachment]
      # @return [Enumerator<ZCRMSDK::Operations::ZCRMAttachment>, self] self when given a block
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def each_attachment(**options, &block)
        enumeration = attachments_relation.each_attachment(**options, &block)
        block ? self : enumeration
      end

      private

      def attachments_relation
        ZCRMModuleRelation.new(ZCRMRecord.new('Notes', id), 'Attachments')
      end
    end
  end
end
