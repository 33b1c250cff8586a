# frozen_string_literal: true

module ZCRMSDK
  module Operations
    # A file or link attached to a record or a note.
    class ZCRMAttachment
      attr_accessor :is_editable, :link_url, :file_id, :id, :parent_record, :file_name, :type, :size,
                    :owner, :created_by, :created_time, :modified_by, :modified_time, :parent_module,
                    :attachment_type, :parent_name, :parent_id

      # 1.0.x's constructor, the same as `new`; it sends nothing.
      # @param parent_record [ZCRMSDK::Operations::ZCRMRecord] the record it belongs to
      # @param attachment_id [String, Integer, nil] the attachment id
      # @return [ZCRMSDK::Operations::ZCRMAttachment]
      def self.get_instance(parent_record, attachment_id = nil)
        new(parent_record, attachment_id)
      end

      # @param parent_record [ZCRMSDK::Operations::ZCRMRecord] the record it belongs to
      # @param attachment_id [String, Integer, nil] the attachment id
      def initialize(parent_record, attachment_id = nil)
        @parent_record = parent_record
        @id = attachment_id
      end
    end
  end
end
