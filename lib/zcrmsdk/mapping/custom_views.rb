# frozen_string_literal: true

module ZCRMSDK
  module Mapping
    # Custom views ⇄ JSON (1.0.x MetaDataAPIHandlerHelper#get_zcrm_customview,
    # ModuleAPIHandlerHelper#construct_json_for_cv_update).
    module CustomViews
      module_function

      # `categories` is the list answer's `info.translation` (`{"actual" => "display"}`).
      def from_api(json, module_api_name, categories = nil)
        json = Mapping.as_hash(json)
        view = Operations::ZCRMCustomView.new(json['id'], module_api_name)
        fill_names(view, json)
        fill_settings(view, json)
        fill_criteria(view, json['criteria'])
        view.categories = categories(categories) if categories.is_a?(Hash)
        view
      end

      def fill_names(view, json)
        view.display_value = json['display_value']
        view.name = json['name']
        view.system_name = json['system_name']
        view.is_default = json['default'] == true
        view.is_system_defined = json['system_defined'] == true
        view.shared_details = json['shared_details']
        view.category = json['category']
      end

      def fill_settings(view, json)
        view.sort_by = json['sort_by']
        view.sort_order = json['sort_order']
        view.fields = json['fields'] if json.key?('fields')
        view.favorite = json['favorite']
        view.is_off_line = json['offline'] if json.key?('offline')
      end

      def fill_criteria(view, json)
        return unless json.is_a?(Hash)

        view.criteria = criteria(json)
        view.criteria_condition = view.criteria.criteria
        view.criteria_pattern = view.criteria.pattern
      end

      # 1.0.x iterated the Hash as if it were an Array of keys; each pair is one category.
      def categories(translation)
        translation.map do |actual, display|
          Operations::ZCRMCustomViewCategory.new.tap do |category|
            category.actual_value = actual
            category.display_value = display
          end
        end
      end

      # Builds the criteria tree. Leaves are numbered in order (0, 1, ...); `criteria` is the
      # readable condition `( (A:equals:x) and (B:equals:y) )`, `pattern` the numbered form
      # `{0and1}`. 1.0.x handled only groups of exactly two and numbered with a global.
      def criteria(json, counter = [0])
        node = Operations::ZCRMCustomViewCriteria.new
        node.field = json['field']
        node.comparator = json['comparator']
        fill_leaf(node, json, counter) unless json['value'].nil?
        node.group = Mapping.as_array(json['group']).map { |member| criteria(member, counter) }
        fill_group(node, json['group_operator']) unless json['group_operator'].nil?
        node
      end

      def fill_leaf(node, json, counter)
        node.value = json['value']
        node.index = counter[0]
        node.pattern = counter[0].to_s
        counter[0] += 1
        node.criteria = " (#{field_name(node.field)}:#{node.comparator}:#{node.value}) "
      end

      def fill_group(node, operator)
        node.group_operator = operator
        return if node.group.empty?

        node.criteria = "(#{node.group.map(&:criteria).join(operator)})"
        node.pattern = "{#{node.group.map(&:pattern).join(operator)}}"
      end

      # v2 sends `field` (and `sort_by`) as a plain API name; v2.1 and later as `{"api_name","id"}`.
      def field_name(field)
        field.is_a?(Hash) ? field['api_name'] : field
      end

      # The body of a custom-view update: only sort_by and sort_order can be changed.
      def to_api(view)
        json = {}
        json['sort_by'] = sort_by_to_api(view.sort_by) unless view.sort_by.nil?
        Mapping.put(json, 'sort_order', view.sort_order)
      end

      def sort_by_to_api(sort_by)
        case sort_by
        when Hash then sort_by.slice('id', 'api_name').compact
        when String, Symbol then { 'api_name' => sort_by.to_s }
        else
          json = {}
          Mapping.put(json, 'id', sort_by.id) if sort_by.respond_to?(:id)
          Mapping.put(json, 'api_name', sort_by.api_name) if sort_by.respond_to?(:api_name)
          json
        end
      end
    end
  end
end
