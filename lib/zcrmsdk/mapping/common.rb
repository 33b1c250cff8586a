# frozen_string_literal: true

require 'date'
require 'time'

module ZCRMSDK
  # JSON ⇄ entity conversion: 1.0.x's "*APIHandlerHelper" logic, one module per resource.
  # Everything here is pure: no API calls, no global state. JSON is the parsed answer
  # (String keys); the "to_api" direction returns Hashes in Zoho's shape, which the Rust core
  # wraps in the request envelope.
  #
  # Unlike 1.0.x, every reader tolerates missing or null keys: Zoho leaves keys out, and an
  # emulator or a newer API version may too.
  module Mapping
    module_function

    # {"id","name"(,"email")} → ZCRMUser. A bare id is accepted; nil stays nil.
    def user(json)
      case json
      when nil then nil
      when Hash
        Operations::ZCRMUser.new(json['id'], json['name']).tap do |user|
          user.email = json['email'] if json.key?('email')
        end
      else Operations::ZCRMUser.new(json)
      end
    end

    # 1.0.x's `key?(k) ? v == true : nil`: absent stays unknown, anything but true is false.
    def flag(json, key)
      json.key?(key) ? json[key] == true : nil
    end

    def as_hash(value)
      value.is_a?(Hash) ? value : {}
    end

    def present_hash?(value)
      value.is_a?(Hash) && !value.empty?
    end

    def as_array(value)
      value.is_a?(Array) ? value : []
    end

    # The first key present (Zoho's casing varies between endpoints: created_by/Created_By).
    def first_of(json, *keys)
      keys.each { |key| return json[key] unless json[key].nil? }
      nil
    end

    def float(value)
      value.nil? ? nil : Float(value, exception: false) || value.to_f
    end

    def integer(value)
      value.nil? ? nil : Integer(value, exception: false) || value.to_i
    end

    # The id an entity is referred to by: a record's entity_id, anything else's id; a bare
    # id is returned as it is.
    def id_of(value)
      if value.is_a?(Operations::ZCRMRecord) then value.entity_id
      elsif value.respond_to?(:id) && !value.is_a?(Hash) then value.id
      else value
      end
    end

    # Makes a value JSON-compatible for the core, the way Zoho expects it: lookups and users
    # as their id (1.0.x), subform rows as objects, times as ISO-8601 with offset, dates as
    # yyyy-MM-dd.
    def json_value(value)
      case value
      when nil, true, false, String, Integer, Float then value
      when Symbol then value.to_s
      when Array then value.map { |item| json_value(item) }
      when Hash then value.to_h { |key, item| [key.to_s, json_value(item)] }
      when Operations::ZCRMSubForm then Records.subform_to_api(value)
      when Time, DateTime then value.strftime('%Y-%m-%dT%H:%M:%S%:z')
      when Date then value.strftime('%Y-%m-%d')
      when Numeric then value.to_f # BigDecimal, Rational: Zoho takes JSON numbers
      else entity_reference(value)
      end
    end

    def entity_reference(value)
      if value.is_a?(Operations::ZCRMRecord) then value.entity_id
      elsif value.respond_to?(:id) then value.id
      elsif value.respond_to?(:name) then value.name
      else value.to_s
      end
    end

    # Adds key → value unless the value is nil (1.0.x's `unless x.nil?` lines).
    def put(json, key, value)
      json[key] = value unless value.nil?
      json
    end
  end
end
