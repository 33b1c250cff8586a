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

      def initialize(parent_record = nil, note_id = nil)
        @id = note_id
        @parent_record = parent_record
        return if parent_record.nil?

        @parent_module = parent_record.module_api_name
        @parent_id = parent_record.entity_id
      end

      def upload_attachment(file_path)
        attachments_relation.upload_attachment(file_path)
      end

      def download_attachment(attachment_id, to: nil)
        attachments_relation.download_attachment(attachment_id, to: to)
      end

      def get_attachments(page = 1, per_page = 20)
        attachments_relation.get_attachments(page, per_page)
      end

      def delete_attachment(attachment_id)
        attachments_relation.delete_attachment(attachment_id)
      end

      # Beyond 1.0.x: every attachment of the note, page after page (see Pagination); an
      # Enumerator without a block, the note with one. Options: per_page:, prefetch:.
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
