# frozen_string_literal: true

module ZCRMSDK
  module Mapping
    # Attachment JSON (`{id, File_Name, Size, $file_id, $type, $link_url, ...}`) → ZCRMAttachment.
    module Attachments
      module_function

      def from_api(json, parent_record = nil)
        json = Mapping.as_hash(json)
        attachment = Operations::ZCRMAttachment.new(parent_record, json['id'])
        fill_file_details(attachment, json)
        fill_audit(attachment, json)
        fill_parent(attachment, json)
        attachment
      end

      def fill_file_details(attachment, json)
        attachment.file_name = json['File_Name'] if json.key?('File_Name')
        attachment.size = json['Size'] if json.key?('Size')
        attachment.file_id = json['$file_id'] if json.key?('$file_id')
        attachment.type = json['$type'] if json.key?('$type')
        attachment.link_url = json['$link_url'] if json.key?('$link_url')
        attachment.is_editable = json['$editable'] == true if json.key?('$editable')
      end

      def fill_audit(attachment, json)
        attachment.owner = Mapping.user(json['Owner']) if json['Owner']
        attachment.created_by = Mapping.user(json['Created_By']) if json['Created_By']
        attachment.modified_by = Mapping.user(json['Modified_By']) if json['Modified_By']
        attachment.created_time = json['Created_Time'] if json.key?('Created_Time')
        attachment.modified_time = json['Modified_Time'] if json.key?('Modified_Time')
      end

      def fill_parent(attachment, json)
        attachment.parent_module = json['$se_module'] if json.key?('$se_module')
        parent = Mapping.as_hash(json['Parent_Id'])
        attachment.parent_id = parent['id'] unless parent['id'].nil?
        attachment.parent_name = parent['name'] unless parent['name'].nil?
      end
    end
  end
end
