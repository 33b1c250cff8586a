# frozen_string_literal: true

module ZCRMSDK
  module Mapping
    # Records ⇄ JSON (1.0.x EntityAPIHandlerHelper), including the inventory line items,
    # event participants, price-book pricing and subform rows that live inside a record.
    module Records
      INVENTORY_MODULES = %w[Invoices Sales_Orders Purchase_Orders Quotes].freeze
      # Hash-valued fields 1.0.x kept as plain Hashes instead of treating them as lookups.
      RAW_HASH_FIELDS = %w[Remind_At Recurring_Activity].freeze
      # A lookup value is only `{"name","id"}`; the module it points to is not in the JSON.
      # 1.0.x used the field's API name as the module, so `lookup.get` could never work.
      # These standard lookups have a fixed target; `What_Id`/`Parent_Id` name theirs in
      # `$se_module`. Any other lookup keeps 1.0.x's field-name module.
      STANDARD_LOOKUP_MODULES = {
        'Account_Name' => 'Accounts', 'Parent_Account' => 'Accounts', 'Contact_Name' => 'Contacts',
        'Who_Id' => 'Contacts', 'Reporting_To' => 'Contacts', 'Deal_Name' => 'Deals',
        'Campaign_Source' => 'Campaigns', 'Parent_Campaign' => 'Campaigns', 'Vendor_Name' => 'Vendors',
        'Product_Name' => 'Products', 'Quote_Name' => 'Quotes', 'Sales_Order' => 'Sales_Orders',
        'Purchase_Order' => 'Purchase_Orders', 'Invoice' => 'Invoices', 'Price_Book' => 'Price_Books'
      }.freeze
      SE_MODULE_LOOKUPS = %w[What_Id Parent_Id].freeze

      module_function

      # ---- JSON → entity -------------------------------------------------------------

      def from_api(json, module_api_name)
        fill(Operations::ZCRMRecord.new(module_api_name, Mapping.as_hash(json)['id']), json)
      end

      # The records of a Native::RecordPage, each filled from its JSON on first use.
      def from_page(page, module_api_name)
        page.ids.each_with_index.map do |id, index|
          Operations::ZCRMRecord.from_page(module_api_name, id, page, index)
        end
      end

      # Copies a record's JSON (a full record, or the `details` of a write) onto `record`.
      # Null values are skipped, as in 1.0.x. This runs for every record of every page, so
      # the common case (a field with a plain value) costs one Hash lookup and a type check;
      # only the few keys with a place of their own go through `assign`.
      def fill(record, json)
        return record unless json.is_a?(Hash)

        reset_collections(record, json)
        place(record, json, json)
      end

      # A record of a Native::RecordPage, from the parts the page splits it into: plain
      # fields and `$` properties come ready-made; `rest` (the keys with a place of their own,
      # lookups, subforms) goes through the same placing as `fill`, and PENDING marks where
      # in field_data a key of `rest` sits in Zoho's order until it is placed or dropped.
      def fill_from_page(record, page, index)
        field_data, properties, rest = page.record_parts(index, PENDING)
        record.field_data = field_data
        record.properties = properties
        context = properties.key?('se_module') ? rest.merge('$se_module' => properties['se_module']) : rest
        place(record, rest, context)
        rest.each_key { |key| field_data.delete(key) if field_data[key].equal?(PENDING) }
        record
      end

      PENDING = Object.new.freeze

      # Puts each non-null value of `pairs` where it belongs on the record; `json` is the
      # whole record, which lookups consult for `$se_module`.
      def place(record, pairs, json)
        field_data = record.field_data
        properties = record.properties
        pairs.each do |key, value|
          next if value.nil?
          next if OWN_PLACE.key?(key) && assign(record, key, value)
          next properties[property_name(key)] = value if key.start_with?('$')

          field_data[key] = value.is_a?(Hash) || value.is_a?(Array) ? field_value(key, value, json) : value
        end
        record
      end

      PROPERTY_NAMES = {} # rubocop:disable Style/MutableConstant -- a cache, bounded below
      private_constant :PROPERTY_NAMES

      # `$approval` → "approval", frozen and shared: a page repeats the same few `$` keys on
      # every record. Zoho's `$` keys are a small fixed set; the bound only guards against a
      # server that invents new ones.
      def property_name(key)
        PROPERTY_NAMES[key] || begin
          name = -key.delete_prefix('$')
          PROPERTY_NAMES[key] = name if PROPERTY_NAMES.size < 1_000
          name
        end
      end

      # A full record replaces the lists instead of appending to them, so filling the same
      # record twice (get after get) does not duplicate tags or line items.
      def reset_collections(record, json)
        record.tag_list = [] if json.key?('Tag')
        record.tax_list = [] if json.key?('Tax') || json.key?('$line_tax')
        record.line_items = [] if json.key?('Product_Details') && inventory?(record)
        record.participants = [] if json.key?('Participants') && record.module_api_name == 'Events'
        record.price_details = [] if json.key?('Pricing_Details') && record.module_api_name == 'Price_Books'
      end

      ATTRIBUTE_KEYS = { 'id' => :entity_id=, 'Created_Time' => :created_time=,
                         'Modified_Time' => :modified_time= }.freeze
      USER_KEYS = { 'Created_By' => :created_by=, 'Modified_By' => :modified_by=, 'Owner' => :owner= }.freeze
      # Every key `assign` may take (besides `$` properties); any other is an ordinary field.
      OWN_PLACE = [*ATTRIBUTE_KEYS.keys, *USER_KEYS.keys, 'Layout', 'Handler', 'Tag', 'Tax', '$line_tax',
                   'Product_Details', 'Participants', 'Pricing_Details', 'Last_Activity_Time']
                  .to_h { |key| [key, true] }.freeze
      OWN_PLACE_KEYS = OWN_PLACE.keys.freeze
      # A record page splits each record into field_data and the rest by these keys.
      Native::RecordPage.own_place_keys = OWN_PLACE_KEYS if defined?(Native::RecordPage) # not in stub-only unit specs

      # Sets the keys that have a dedicated place on the record. Returns false for ordinary
      # fields, which go to field_data.
      def assign(record, key, value)
        if ATTRIBUTE_KEYS.key?(key) then record.public_send(ATTRIBUTE_KEYS[key], value)
        elsif USER_KEYS.key?(key) then record.public_send(USER_KEYS[key], Mapping.user(value))
        elsif key == 'Layout' then record.layout = layout_reference(value)
        elsif key == 'Handler' then record.field_data[key] = Mapping.user(value)
        elsif key == 'Tag' then record.tag_list.concat(Mapping.as_array(value).map { |tag| tag_reference(tag) })
        elsif key == 'Tax'
          return assign_list(record.tax_list, value) { |tax| tax_reference(tax) }
        elsif key == '$line_tax'
          return assign_list(record.tax_list, value) { |tax| line_tax(tax) } || assign_property(record, key, value)
        else
          return assign_collection(record, key, value)
        end
        true
      end

      # 1.0.x only took non-empty Arrays for Tax/$line_tax; anything else is not consumed.
      def assign_list(list, value, &block)
        return false unless value.is_a?(Array) && !value.empty?

        list.concat(value.map(&block))
        true
      end

      def assign_property(record, key, value)
        record.properties[property_name(key)] = value
        true
      end

      def assign_collection(record, key, value)
        if key == 'Product_Details' && inventory?(record)
          record.line_items.concat(Mapping.as_array(value).map { |item| line_item(item) })
        elsif key == 'Participants' && record.module_api_name == 'Events'
          record.participants.concat(Mapping.as_array(value).map { |item| participant(item) })
        elsif key == 'Pricing_Details' && record.module_api_name == 'Price_Books'
          record.price_details.concat(Mapping.as_array(value).map { |item| pricing(item) })
        elsif key.start_with?('$')
          assign_property(record, key, value)
        else
          # 1.0.x never filled last_activity_time; the field also stays in field_data.
          record.last_activity_time = value if key == 'Last_Activity_Time'
          return false
        end
        true
      end

      # The value of an ordinary field: lookups become ZCRMRecord, arrays of objects subform
      # rows, everything else stays as Zoho sent it.
      def field_value(key, value, json)
        if RAW_HASH_FIELDS.include?(key) || !Mapping.present_hash?(value) && !value.is_a?(Array)
          value
        elsif value.is_a?(Hash)
          lookup(key, value, json)
        else
          value.map { |item| Mapping.present_hash?(item) ? subform_from_api(item) : item }
        end
      end

      def lookup(key, value, json)
        record = Operations::ZCRMRecord.new(lookup_module(key, value, json), value['id'])
        record.name = value['name']
        record.lookup_label = value['name']
        record
      end

      def lookup_module(key, value, json)
        module_ref = value['module']
        return module_ref['api_name'] if module_ref.is_a?(Hash) && module_ref['api_name']
        return module_ref if module_ref.is_a?(String)
        return json['$se_module'] if SE_MODULE_LOOKUPS.include?(key) && json['$se_module']

        STANDARD_LOOKUP_MODULES.fetch(key, key)
      end

      def layout_reference(value)
        return Operations::ZCRMLayout.new(value) unless value.is_a?(Hash)

        Operations::ZCRMLayout.new(value['id']).tap { |layout| layout.name = value['name'] }
      end

      def tag_reference(tag)
        return Operations::ZCRMTag.new(nil, tag) unless tag.is_a?(Hash)

        Operations::ZCRMTag.new(tag['id'], tag['name'])
      end

      def tax_reference(tax)
        return Operations::ZCRMTax.new(tax) unless tax.is_a?(Hash)

        Operations::ZCRMTax.new(tax['name'] || tax['value']).tap do |ref|
          ref.percentage = tax['percentage']
          ref.value = tax['value'] if tax.key?('name')
        end
      end

      def line_tax(json)
        Operations::ZCRMTax.new(json['name']).tap do |tax|
          tax.percentage = json['percentage']
          tax.value = json['value']
        end
      end

      def inventory?(record)
        INVENTORY_MODULES.include?(record.module_api_name)
      end

      def line_item(json)
        item = Operations::ZCRMInventoryLineItem.new(json['id'])
        item.product = product_reference(json['product'])
        item.description = json['product_description']
        item.quantity = Mapping.integer(json['quantity'])
        item.list_price = Mapping.float(json['list_price'])
        item.total = Mapping.float(json['total'])
        item.discount = Mapping.float(json['Discount'])
        item.total_after_discount = Mapping.float(json['total_after_discount'])
        item.tax_amount = Mapping.float(json['Tax'])
        item.net_total = Mapping.float(json['net_total'])
        item.line_tax = Mapping.as_array(json['line_tax']).map { |tax| line_tax(tax) }
        item.line_tax.each { |tax| tax.value = Mapping.float(tax.value) }
        item
      end

      def product_reference(json)
        return nil if json.nil?
        return Operations::ZCRMRecord.new('Products', json) unless json.is_a?(Hash)

        product = Operations::ZCRMRecord.new('Products', json['id'])
        product.lookup_label = json['name']
        product.name = json['name']
        product.field_data['Product_Code'] = json['Product_Code'] if json.key?('Product_Code')
        product
      end

      # 1.0.5: a participant with an `Email` key is a user/contact/lead (id in
      # `participant`); without it, `participant` is the invited e-mail address.
      def participant(json)
        email_given = json.key?('Email')
        participant = Operations::ZCRMEventParticipant.new(json['type'], email_given ? json['participant'] : nil)
        participant.email = email_given ? json['Email'] : json['participant']
        participant.name = json['name']
        participant.is_invited = json['invited'] == true
        participant.status = json['status']
        participant
      end

      def pricing(json)
        Operations::ZCRMPriceBookPricing.new(json['id']).tap do |pricing|
          pricing.discount = Mapping.float(json['discount'])
          pricing.to_range = Mapping.float(json['to_range'])
          pricing.from_range = Mapping.float(json['from_range'])
        end
      end

      def subform_from_api(json)
        subform = Operations::ZCRMSubForm.new(json['id'])
        json.each do |key, value|
          case key
          when 'id' then next
          when 'Created_Time' then subform.created_time = value
          when 'Modified_Time' then subform.modified_time = value
          when 'Owner' then subform.owner = Mapping.user(value)
          when 'Layout' then subform.layout = value && layout_reference(value)
          else subform_field(subform, key, value, json)
          end
        end
        subform
      end

      def subform_field(subform, key, value, json)
        if key.start_with?('$')
          subform.properties[key.delete_prefix('$')] = value
        else
          subform.field_data[key] = value.nil? ? nil : field_value(key, value, json)
        end
      end

      # ---- entity → JSON -------------------------------------------------------------

      # The record as Zoho's create/update body expects it, keys in 1.0.x's order. field_data
      # comes last and may overwrite the keys before it, as in 1.0.x.
      def to_api(record)
        json = {}
        Mapping.put(json, 'Owner', Mapping.id_of(record.owner)) if record.owner
        Mapping.put(json, 'Layout', Mapping.id_of(record.layout)) if record.layout
        put_list(json, 'Product_Details', record.line_items) { |items| line_items_to_api(items) }
        put_list(json, 'Participants', record.participants) { |list| list.map { |p| participant_to_api(p) } }
        put_list(json, 'Pricing_Details', record.price_details) { |list| list.map { |p| pricing_to_api(p) } }
        put_list(json, 'Tax', record.tax_list) { |list| list.map { |tax| tax.respond_to?(:name) ? tax.name : tax } }
        put_list(json, 'Tag', record.tag_list) { |list| list.map { |tag| tag_to_api(tag) } }
        (record.field_data || {}).each { |key, value| json[key.to_s] = Mapping.json_value(value) }
        json
      end

      def put_list(json, key, list)
        json[key] = yield(list) if list.is_a?(Array) && !list.empty?
      end

      # Line items marked with delete_flag are left out: Zoho replaces the whole
      # Product_Details list on update, so leaving one out is how it is deleted.
      def line_items_to_api(items)
        items.reject(&:delete_flag).map { |item| line_item_to_api(item) }
      end

      def line_item_to_api(item)
        if item.quantity.nil?
          Operations::Support.invalid!('line_items', "Mandatory Field 'quantity' is missing.", 'QUANTITY NOT PROVIDED')
        end

        json = {}
        Mapping.put(json, 'id', item.id)
        Mapping.put(json, 'product', item.product && Mapping.id_of(item.product))
        Mapping.put(json, 'product_description', item.description)
        Mapping.put(json, 'list_price', Mapping.json_value(item.list_price))
        json['quantity'] = Mapping.json_value(item.quantity)
        json['Discount'] = discount_to_api(item)
        taxes = Array(item.line_tax)
        json['line_tax'] = taxes.map { |tax| line_tax_to_api(tax) } unless taxes.empty?
        json
      end

      # A percentage discount is sent as "5%"; 1.0.x raised TypeError for a numeric one.
      def discount_to_api(item)
        item.discount_percentage.nil? ? Mapping.json_value(item.discount) : "#{item.discount_percentage}%"
      end

      def line_tax_to_api(tax)
        { 'name' => tax.name, 'value' => Mapping.json_value(tax.value),
          'percentage' => Mapping.json_value(tax.percentage) }
      end

      # `participant` is the id of a user/contact/lead, or the address for e-mail invitees
      # (1.0.x sent nil there).
      def participant_to_api(participant)
        { 'participant' => participant.id || participant.email, 'type' => participant.type,
          'name' => participant.name, 'Email' => participant.email,
          'invited' => participant.is_invited == true, 'status' => participant.status }
      end

      def pricing_to_api(pricing)
        json = {}
        Mapping.put(json, 'id', pricing.id)
        json.merge('discount' => Mapping.json_value(pricing.discount),
                   'to_range' => Mapping.json_value(pricing.to_range),
                   'from_range' => Mapping.json_value(pricing.from_range))
      end

      def tag_to_api(tag)
        return { 'name' => tag.to_s } unless tag.respond_to?(:name)

        json = {}
        Mapping.put(json, 'name', tag.name)
        Mapping.put(json, 'id', tag.id)
      end

      # A subform row: its id (kept rows) and its fields; rows without an id are added.
      def subform_to_api(subform)
        json = {}
        Mapping.put(json, 'id', subform.id)
        Mapping.put(json, 'Owner', subform.owner && Mapping.id_of(subform.owner))
        (subform.field_data || {}).each { |key, value| json[key.to_s] = Mapping.json_value(value) }
        json
      end

      # ---- entity → plain Ruby (ZCRMRecord#to_h) -----------------------------------------

      def to_plain(record)
        hash = { 'id' => record.entity_id, 'Owner' => plain_value(record.owner),
                 'Created_By' => plain_value(record.created_by), 'Modified_By' => plain_value(record.modified_by),
                 'Created_Time' => record.created_time, 'Modified_Time' => record.modified_time,
                 'Layout' => plain_value(record.layout) }.compact
        hash['Tag'] = record.tag_list.map(&:name) unless Array(record.tag_list).empty?
        (record.field_data || {}).each { |key, value| hash[key.to_s] = plain_value(value) }
        (record.properties || {}).each { |key, value| hash["$#{key}"] = value }
        hash
      end

      def plain_value(value)
        case value
        when Array then value.map { |item| plain_value(item) }
        when Operations::ZCRMRecord then { 'id' => value.entity_id, 'name' => value.name }.compact
        when Operations::ZCRMSubForm then { 'id' => value.id }.compact.merge(plain_value(value.field_data))
        when Hash then value.transform_values { |item| plain_value(item) }
        when Operations::ZCRMUser, Operations::ZCRMLayout then { 'id' => value.id, 'name' => value.name }.compact
        else value
        end
      end

      # `{"id","Created_Time","Created_By",...}` of a create/update answer → the record.
      def fill_from_details(record, details)
        fill(record, Mapping.as_hash(details))
      end
    end
  end
end
