# frozen_string_literal: true

module ZCRMSDK
  module Mapping
    # Notes ⇄ JSON (1.0.x RelatedListAPIHandlerHelper#get_zcrm_note / get_zcrmnote_as_json).
    #
    # @api private
    module Notes
      module_function

      # `note` is filled in place when given (update_note); `parent_record` defaults to the
      # record named by `Parent_Id` + `$se_module` (the org-wide notes list).
      def from_api(json, note = nil, parent_record = nil)
        json = Mapping.as_hash(json)
        parent_record ||= note&.parent_record || parent_from(json)
        note ||= Operations::ZCRMNote.new(parent_record, json['id'])
        note.id = json['id'] unless json['id'].nil?
        fill_content(note, json)
        fill_audit(note, json)
        fill_parent(note, json)
        attachments = json['$attachments']
        note.attachments = attachments.map { |a| Attachments.from_api(a, parent_record) } if attachments.is_a?(Array)
        note
      end

      def parent_from(json)
        parent = Mapping.as_hash(json['Parent_Id'])
        return nil if parent['id'].nil? && json['$se_module'].nil?

        Operations::ZCRMRecord.new(json['$se_module'], parent['id']).tap { |record| record.name = parent['name'] }
      end

      def fill_content(note, json)
        note.title = json['Note_Title'] if json.key?('Note_Title')
        note.content = json['Note_Content'] if json.key?('Note_Content')
        note.size = json['$size'] if json.key?('$size')
        note.is_voice_note = json['$voice_note'] if json.key?('$voice_note')
        note.is_editable = json['$editable'] == true if json.key?('$editable')
      end

      def fill_audit(note, json)
        note.owner = Mapping.user(json['Owner']) if json['Owner']
        note.created_by = Mapping.user(json['Created_By']) if json['Created_By']
        note.modified_by = Mapping.user(json['Modified_By']) if json['Modified_By']
        note.created_time = json['Created_Time'] if json.key?('Created_Time')
        note.modified_time = json['Modified_Time'] if json.key?('Modified_Time')
      end

      def fill_parent(note, json)
        note.parent_module = json['$se_module'] if json.key?('$se_module')
        parent = Mapping.as_hash(json['Parent_Id'])
        note.parent_id = parent['id'] unless parent['id'].nil?
        note.parent_name = parent['name'] unless parent['name'].nil?
      end

      # `{"Note_Title"?, "Note_Content", "Parent_Id"?, "se_module"?}`, as 1.0.x sent it.
      def to_api(note)
        json = {}
        Mapping.put(json, 'Note_Title', note.title)
        json['Note_Content'] = note.content
        Mapping.put(json, 'Parent_Id', note.parent_id&.to_s)
        Mapping.put(json, 'se_module', note.parent_module)
      end
    end
  end
end
