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
  #
  # @api private
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
      when nil, true, false, String then value
      when Integer then exact_integer(value)
      when Float then finite_float(value)
      when Symbol then value.to_s
      when Array then value.map { |item| json_value(item) }
      when Hash then value.to_h { |key, item| [key.to_s, json_value(item)] }
      when Operations::ZCRMSubForm then Records.subform_to_api(value)
      when Time, DateTime then value.strftime('%Y-%m-%dT%H:%M:%S%:z')
      when Date then value.strftime('%Y-%m-%d')
      when Numeric then finite_float(value.to_f) # BigDecimal, Rational: Zoho takes JSON numbers
      else entity_reference(value)
      end
    end

    # Entities (records, users, layouts...) are sent as their id, or their name; anything else
    # would go out as its `inspect` text, so it is refused before anything is sent.
    def entity_reference(value)
      if value.is_a?(Operations::ZCRMRecord) then value.entity_id
      elsif value.respond_to?(:id) then value.id
      elsif value.respond_to?(:name) then value.name
      else
        invalid_value("a #{value.class} cannot be sent to Zoho: use a String, a number, true/false, nil, " \
                             'a Time or Date, an Array or Hash of those, or a ZCRM entity')
      end
    end

    INTEGER_RANGE = (-(2**63))..((2**64) - 1)
    private_constant :INTEGER_RANGE

    # Zoho's numbers are 64-bit; a larger Integer would reach it rounded as a float.
    def exact_integer(value)
      return value if INTEGER_RANGE.cover?(value)

      invalid_value("#{value} is beyond the 64-bit numbers Zoho stores; send it as a String")
    end

    def finite_float(value)
      return value if value.finite?

      invalid_value("#{value} is not a number JSON can carry")
    end

    def invalid_value(message)
      raise ValidationError.new('field value', 400, message, 'INVALID FIELD VALUE')
    end

    # Adds key → value unless the value is nil (1.0.x's `unless x.nil?` lines).
    def put(json, key, value)
      json[key] = value unless value.nil?
      json
    end
  end
end
