# frozen_string_literal: true

module ZCRMSDK
  module Response
    # Short, one-line descriptions for #inspect. The default inspect of a response would
    # print every mapped entity, the parsed JSON and the raw body: unreadable in a console
    # and in logs.
    #
    # @api private
    module Inspection
      module_function

      def summarize(value)
        case value
        when nil then 'nil'
        when Array then "[#{value.size} × #{element_names(value)}]"
        when Hash then "{#{value.size} keys}"
        else entity_label(value)
        end
      end

      def element_names(array)
        names = array.map { |item| short_class_name(item) }.uniq
        names.empty? ? 'nothing' : names.join('|')
      end

      def entity_label(value)
        id = entity_id_of(value)
        id.nil? ? short_class_name(value) : "#{short_class_name(value)}(#{id})"
      end

      def entity_id_of(value)
        if value.respond_to?(:entity_id) then value.entity_id
        elsif value.respond_to?(:id) then value.id
        elsif value.respond_to?(:org_id) then value.org_id
        end
      end

      def short_class_name(value)
        value.class.name.to_s.split('::').last
      end
    end
  end
end
