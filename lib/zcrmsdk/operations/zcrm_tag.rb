# frozen_string_literal: true

module ZCRMSDK
  module Operations
    # A tag of a module (`settings/tags`). `module_apiname` is needed by #update; tags read
    # with ZCRMModule#get_tags have it set.
    class ZCRMTag
      attr_accessor :id, :module_apiname, :name, :created_by, :modified_by, :created_time, :modified_time, :count

      # 1.0.x's constructor, the same as `new`; it sends nothing.
      # @param id [String, Integer, nil] the id
      # @param name [String, nil] the name
      # @return [ZCRMSDK::Operations::ZCRMTag]
      def self.get_instance(id = nil, name = nil)
        new(id, name)
      end

      # @param id [String, Integer, nil] the id
      # @param name [String, nil] the name
      def initialize(id = nil, name = nil)
        @id = id
        @name = name
      end

      # Deletes the tag (from every record).
      # @return [ZCRMSDK::Response::APIResponse]
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def delete
        Support.require!(id, 'delete', ' tag id must be given', 'TAG ID NOT PROVIDED')
        Support.single('tags.delete', 'tag_id' => Support.id_string(id))
      end

      # Merges this tag into merge_tag (this one disappears). data = the merged tag.
      # @param merge_tag [ZCRMSDK::Operations::ZCRMTag, String, Integer] the tag (or its id) to keep
      # @return [ZCRMSDK::Response::APIResponse]
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def merge(merge_tag)
        target_id = merge_tag.nil? ? nil : Support.id_string(merge_tag)
        if id.nil? || target_id.nil?
          Support.invalid!('merge', ' tag id and merge tag id must be given', 'TAG ID OR MERGE TAG ID NOT PROVIDED')
        end
        response = Support.single('tags.merge', 'tag_id' => target_id, 'conflict_id' => Support.id_string(id))
        response.data = Mapping::Tags.from_api(response.details, module_apiname)
        response
      end

      # Renames the tag. data = self.
      # @return [ZCRMSDK::Response::APIResponse]
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def update
        Support.require!(id, 'update', 'tag instance and tag id must be given', 'TAG INSTANCE OR TAG ID NOT PROVIDED')
        response = Support.single('tags.update_one', 'tag_id' => Support.id_string(id), 'module' => module_apiname,
                                                     'tag' => { 'name' => name })
        Mapping::Tags.fill(self, response.details)
        response.data = self
        response
      end
    end
  end
end
