# frozen_string_literal: true

module ZCRMSDK
  module Operations
    # A record of any module (Leads, Contacts, Deals, custom modules...). Field values live
    # in `field_data` under their API names (`record.field_data['Last_Name']`, or beyond
    # 1.0.x `record['Last_Name']`); the standard keys have their own accessors.
    class ZCRMRecord
      attr_accessor :module_api_name, :entity_id

      # What a record read from a list holds. Such a record is born with its id and the page's
      # JSON text, and is filled from it the first time any of these is read or written: a walk
      # through thousands of records builds the Hashes of only the records it looks into.
      # Filling happens once, under a lock, so threads sharing a record see it filled.
      FILLED_ATTRIBUTES = %i[tag_list name line_items lookup_label owner created_by modified_by created_time
                             modified_time field_data properties participants price_details layout tax_list
                             last_activity_time].freeze
      FILLED_ATTRIBUTES.each do |attribute|
        class_eval <<~RUBY, __FILE__, __LINE__ + 1
          def #{attribute}                       # def field_data
            fill_from_page if @page              #   fill_from_page if @page
            @#{attribute}                        #   @field_data
          end                                    # end

          def #{attribute}=(value)               # def field_data=(value)
            fill_from_page if @page              #   fill_from_page if @page
            @#{attribute} = value                #   @field_data = value
          end                                    # end
        RUBY
      end

      FILL_LOCK = Mutex.new
      private_constant :FILL_LOCK

      # 1.0.x's constructor, the same as `new`; it sends nothing.
      # @param module_api_name [String] the module api name
      # @param entity_id [String, Integer, nil] the entity id
      # @return [ZCRMSDK::Operations::ZCRMRecord]
      def self.get_instance(module_api_name, entity_id = nil)
        new(module_api_name, entity_id)
      end

      # A record of a list page (Mapping::Records.from_page), filled on first use.
      def self.from_page(module_api_name, entity_id, page, index)
        allocate.tap { |record| record.send(:await_fill, module_api_name, entity_id, page, index) }
      end

      def initialize(module_apiname, entity_id = nil)
        @module_api_name = module_apiname
        @entity_id = entity_id
        empty_lists
      end

      # A copy shares field_data and the lists with the original, as 1.0.x's (shallow) dup did,
      # so the original is filled first.
      def initialize_copy(original)
        super
        return unless @page

        original.send(:fill_from_page)
        remove_instance_variable(:@page_index)
        remove_instance_variable(:@page)
        original.instance_variables.each { |name| instance_variable_set(name, original.instance_variable_get(name)) }
      end

      # Marshal (Rails.cache, Sidekiq arguments) sees a filled record: the page is not data.
      def marshal_dump
        fill_from_page if @page
        instance_variables.to_h { |name| [name, instance_variable_get(name)] }
      end

      def marshal_load(variables)
        variables.each { |name, value| instance_variable_set(name, value) }
      end

      # ---- the record itself -----------------------------------------------------------

      # Reads the record from Zoho into this object. APIResponse, data = self.
      def get
        require_id!('get_record')
        response = Support.single('records.get', record_args)
        Mapping::Records.fill(self, Support.first_entry(response, 'data'))
        response.data = self
        response
      end

      # Creates the record; entity_id, created_time and created_by come back from Zoho.
      def create
        Support.invalid!('create_record', 'id should not be set for the record', 'ID PROVIDED') unless entity_id.nil?
        response = Support.single('records.create_one', 'module' => module_api_name,
                                                        'record' => Mapping::Records.to_api(self))
        written(response)
      end

      def update
        require_id!('update_record')
        response = Support.single('records.update_one', record_args.merge('record' => Mapping::Records.to_api(self)))
        written(response)
      end

      def delete
        require_id!('delete_record')
        Support.single('records.delete_one', record_args)
      end

      # Converts a lead. Returns a Hash of the created ids (`'Contacts'`, `'Accounts'`,
      # `'Deals'`, only those that were created), as 1.0.x did: not a response object.
      def convert(potential_record = nil, details = nil)
        require_id!('convert_record')
        args = record_args.merge('data' => convert_data(potential_record, details))
        response = Support.single('records.convert', args)
        converted = Mapping.as_hash(Support.first_entry(response, 'data'))
        %w[Contacts Accounts Deals].each_with_object({}) do |module_name, ids|
          ids[module_name] = converted[module_name] unless converted[module_name].nil?
        end
      end

      # ---- photo -----------------------------------------------------------------------

      def upload_photo(file_path)
        Support.require!(file_path, 'upload_photo', 'file path must be given', 'FILEPATH NOT PROVIDED')
        require_id!('upload_photo')
        Support.single('photos.upload', record_args.merge('file_path' => file_path.to_s))
      end

      # FileAPIResponse; `to:` (new) streams the photo to a path or an IO instead of memory.
      def download_photo(to: nil)
        require_id!('download_photo')
        Support.file('photos.download', record_args, to: to)
      end

      def delete_photo
        require_id!('delete_photo')
        Support.single('photos.delete', record_args)
      end

      # ---- attachments, notes, related records (through ZCRMModuleRelation, as 1.0.x) -----

      def upload_attachment(file_path)
        relation('Attachments').upload_attachment(file_path)
      end

      def upload_link_as_attachment(link_url)
        relation('Attachments').upload_link_as_attachment(link_url)
      end

      def download_attachment(attachment_id, to: nil)
        relation('Attachments').download_attachment(attachment_id, to: to)
      end

      def delete_attachment(attachment_id)
        relation('Attachments').delete_attachment(attachment_id)
      end

      def get_attachments(page = 1, per_page = 20)
        relation('Attachments').get_attachments(page, per_page)
      end

      def add_relation(junction_record)
        relation(junction_record).add_relation
      end

      def remove_relation(junction_record)
        relation(junction_record).remove_relation
      end

      def add_notes(note_instances)
        relation('Notes').add_notes(note_instances)
      end

      def update_note(note_ins)
        relation('Notes').update_note(note_ins)
      end

      def delete_note(note_ins)
        relation('Notes').delete_note(note_ins)
      end

      def get_notes(sort_by = nil, sort_order = nil, page = 1, per_page = 20)
        relation('Notes').get_notes(sort_by, sort_order, page, per_page)
      end

      def get_relatedlist_records(relatedlist_api_name, sort_by = nil, sort_order = nil, page = 1, per_page = 20,
                                  fields: nil, modified_since: nil)
        relation(relatedlist_api_name).get_records(sort_by, sort_order, page, per_page,
                                                   fields: fields, modified_since: modified_since)
      end

      # ---- tags --------------------------------------------------------------------------

      # Tags the record (at most 10 names, ZCRMTags accepted too). APIResponse, data = self
      # with the added tags in tag_list.
      def add_tags(tagnames)
        names = check_tag_names!(tagnames, 'add_tags')
        response = Support.single('tags.add_to_record', record_args.merge('tag_names' => names))
        added = Mapping.as_array(Mapping.as_hash(response.details)['tags'])
        added = names if added.empty?
        added.map { |tag| Mapping::Records.tag_reference(tag) }.each do |tag|
          tag_list << tag unless tag_list.any? { |known| known.name == tag.name }
        end
        response.data = self
        response
      end

      # Removes tags; data = self without them. (1.0.x appended the answer's tags instead.)
      def remove_tags(tagnames)
        names = check_tag_names!(tagnames, 'remove_tags')
        response = Support.single('tags.remove_from_record', record_args.merge('tag_names' => names))
        tag_list.reject! { |tag| names.include?(tag.name.to_s) }
        response.data = self
        response
      end

      # ---- beyond 1.0.x ------------------------------------------------------------------

      def [](field_api_name)
        field_data[field_api_name.to_s]
      end

      def []=(field_api_name, value)
        field_data[field_api_name.to_s] = value
      end

      # The record as plain Ruby data, keyed like Zoho's JSON: lookups and users as
      # `{'id', 'name'}`, subform rows as Hashes, system properties as `'$key'`.
      def to_h
        Mapping::Records.to_plain(self)
      end

      def inspect
        "#<#{self.class.name} #{module_api_name}/#{entity_id.inspect} #{field_data.inspect}>"
      end

      private

      def empty_lists
        @field_data = {}
        @properties = {}
        @line_items = []
        @participants = []
        @price_details = []
        @tax_list = []
        @tag_list = []
      end

      def await_fill(module_api_name, entity_id, page, index)
        @module_api_name = module_api_name
        @entity_id = entity_id
        @page = page
        @page_index = index
      end

      # The accessors the fill itself calls find the lock held by this thread and read the
      # variables as they are; @page goes away only once the record is complete.
      def fill_from_page
        return if FILL_LOCK.owned?

        FILL_LOCK.synchronize do
          next unless @page

          empty_lists
          Mapping::Records.fill_from_page(self, @page, @page_index)
          remove_instance_variable(:@page_index)
          remove_instance_variable(:@page)
        end
      end

      public

      # Every record of a related list, every note, every attachment, page after page (see
      # Pagination): Enumerators without a block. Options as ZCRMModuleRelation#each_record
      # (sort_by:, sort_order:, fields:, modified_since:, per_page:, prefetch:) / #each_note
      # (sort_by:, sort_order:, per_page:, prefetch:) / #each_attachment (per_page:, prefetch:).
      # With a block they return the record, as each does.
      #   deal.each_related_record('Contact_Roles').to_a
      def each_related_record(related_list_api_name, **options, &block)
        enumeration = relation(related_list_api_name).each_record(**options, &block)
        block ? self : enumeration
      end

      def each_note(**options, &block)
        enumeration = relation('Notes').each_note(**options, &block)
        block ? self : enumeration
      end

      def each_attachment(**options, &block)
        enumeration = relation('Attachments').each_attachment(**options, &block)
        block ? self : enumeration
      end

      private

      def record_args
        { 'module' => module_api_name, 'record_id' => Support.id_string(entity_id) }
      end

      def require_id!(method_name)
        Support.require!(entity_id, method_name, 'id should be set for the record', 'ID IS NOT PROVIDED')
      end

      def written(response)
        Mapping::Records.fill_from_details(self, response.details)
        response.data = self
        response
      end

      def relation(related_list_or_junction)
        ZCRMModuleRelation.new(self, related_list_or_junction)
      end

      def convert_data(potential_record, details)
        return nil if potential_record.nil? && details.nil?

        data = Mapping.json_value(convert_details(details))
        data['Deals'] = Mapping::Records.to_api(potential_record) unless potential_record.nil?
        data
      end

      # 1.0.x iterated `details.each { |key, value| ... }`, so code written for it passes a Hash
      # or a list of pairs (`Array('overwrite' => true, ...)`, as Zoho's own 1.0.x suites do).
      def convert_details(details)
        return details || {} if details.nil? || details.is_a?(Hash)

        Array(details).to_h
      rescue TypeError, ArgumentError
        Support.invalid!('convert_record', 'details must be a Hash or a list of [key, value] pairs ' \
                                           "(such as Array('overwrite' => true)), not #{details.inspect[0, 60]}",
                         'INVALID ARGUMENT')
      end

      # 1.0.x checked the count first, then the record id.
      def check_tag_names!(tagnames, method_name)
        names = Support.tag_names(Support.check_count!(tagnames, :record_tags, method_name))
        if entity_id.nil?
          Support.invalid!(method_name, ' record instance and record id must be given',
                           'RECORD or RECORD ID NOT PROVIDED')
        end
        names
      end
    end
  end
end
