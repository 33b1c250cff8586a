# frozen_string_literal: true

module ZCRMSDK
  module Mapping
    # Tags ⇄ JSON (1.0.x TagAPIHandlerHelper).
    #
    # @api private
    module Tags
      module_function

      def from_api(json, module_apiname = nil)
        json = Mapping.as_hash(json)
        tag = Operations::ZCRMTag.new(json['id'], json['name'])
        tag.module_apiname = module_apiname
        fill(tag, json)
      end

      # 1.0.x wrote modified_by into created_by and never copied the name; both fixed.
      def fill(tag, json)
        json = Mapping.as_hash(json)
        tag.id = json['id'] unless json['id'].nil?
        tag.name = json['name'] unless json['name'].nil?
        tag.created_by = Mapping.user(json['created_by']) unless json['created_by'].nil?
        tag.modified_by = Mapping.user(json['modified_by']) unless json['modified_by'].nil?
        tag.created_time = json['created_time'] unless json['created_time'].nil?
        tag.modified_time = json['modified_time'] unless json['modified_time'].nil?
        tag.count = json['count'] unless json['count'].nil?
        tag
      end

      def to_api(tag)
        json = {}
        Mapping.put(json, 'id', tag.id&.to_s)
        Mapping.put(json, 'name', tag.name)
      end
    end
  end
end
