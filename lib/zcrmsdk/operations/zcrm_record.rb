# frozen_string_literal: true

module ZCRMSDK
  # 1.0.x's CRM entities: records, modules and their metadata, notes, attachments, tags,
  # users, roles, profiles, taxes, variables.
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
      #
      # @!attribute [rw] tag_list
      #   @return [Array<ZCRMSDK::Operations::ZCRMTag>] the record's tags
      # @!attribute [rw] name
      #   @return [String, nil] the record's name (lookups)
      # @!attribute [rw] line_items
      #   @return [Array<ZCRMSDK::Operations::ZCRMInventoryLineItem>] product lines (inventory modules)
      # @!attribute [rw] lookup_label
      #   @return [String, nil] the label Zoho shows for the record in a lookup
      # @!attribute [rw] owner
      #   @return [ZCRMSDK::Operations::ZCRMUser, nil] the record owner
      # @!attribute [rw] created_by
      #   @return [ZCRMSDK::Operations::ZCRMUser, nil]
      # @!attribute [rw] modified_by
      #   @return [ZCRMSDK::Operations::ZCRMUser, nil]
      # @!attribute [rw] created_time
      #   @return [String, nil] ISO 8601
      # @!attribute [rw] modified_time
      #   @return [String, nil] ISO 8601
      # @!attribute [rw] field_data
      #   @return [Hash{String => Object}] field values by API name
      # @!attribute [rw] properties
      #   @return [Hash{String => Object}] Zoho's `$` keys (`$approved`, `$editable`...)
      # @!attribute [rw] participants
      #   @return [Array<ZCRMSDK::Operations::ZCRMEventParticipant>] an event's participants
      # @!attribute [rw] price_details
      #   @return [Array<ZCRMSDK::Operations::ZCRMPriceBookPricing>] a price book's pricing
      # @!attribute [rw] layout
      #   @return [ZCRMSDK::Operations::ZCRMLayout, nil]
      # @!attribute [rw] tax_list
      #   @return [Array<ZCRMSDK::Operations::ZCRMTax>] the taxes of a product or record
      # @!attribute [rw] last_activity_time
      #   @return [String, nil] ISO 8601
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
      # @api private
      # @param module_api_name [String]
      # @param entity_id [String]
      # @param page [ZCRMSDK::Native::RecordPage] the page's JSON, kept by the engine
      # @param index [Integer] the record's position in the page
      # @return [ZCRMSDK::Operations::ZCRMRecord]
      def self.from_page(module_api_name, entity_id, page, index)
        allocate.tap { |record| record.send(:await_fill, module_api_name, entity_id, page, index) }
      end

      # @param module_apiname [String] e.g. 'Leads'
      # @param entity_id [String, Integer, nil] the record's id (nil for a record to create)
      def initialize(module_apiname, entity_id = nil)
        @module_api_name = module_apiname
        @entity_id = entity_id
        empty_lists
      end

      # A copy shares field_data and the lists with the original, as 1.0.x's (shallow) dup did,
      # so the original is filled first.
      # @param original [ZCRMSDK::Operations::ZCRMRecord]
      # @return [void]
      def initialize_copy(original)
        super
        return unless @page

        original.send(:fill_from_page)
        remove_instance_variable(:@page_index)
        remove_instance_variable(:@page)
        original.instance_variables.each { |name| instance_variable_set(name, original.instance_variable_get(name)) }
      end

      # Marshal (Rails.cache, Sidekiq arguments) sees a filled record: the page is not data.
      # @return [Hash{Symbol => Object}] the instance variables
      def marshal_dump
        fill_from_page if @page
        instance_variables.to_h { |name| [name, instance_variable_get(name)] }
      end

      # Restores what {#marshal_dump} wrote.
      # @param variables [Hash{Symbol => Object}]
      # @return [void]
      def marshal_load(variables)
        variables.each { |name, value| instance_variable_set(name, value) }
      end

      # ---- the record itself -----------------------------------------------------------

      # Reads the record from Zoho into this object.
      # @return [ZCRMSDK::Response::APIResponse] `data` is this record
      # @raise [ZCRMSDK::ValidationError] the record has no entity_id (nothing sent)
      # @raise [ZCRMSDK::NoContentError] no record with that id
      # @raise [ZCRMSDK::ZCRMException] Zoho's error answer (an APIError subclass), or NetworkError,
      #   TimeoutError, ProtocolError
      # @raise [ZCRMSDK::ZohoOAuthException] not configured, or no usable tokens for the current user
      def get
        require_id!('get_record')
        Support.record_into(self, 'records.get', record_args)
      end

      # Creates the record; entity_id, created_time and created_by come back from Zoho.
      # @return [ZCRMSDK::Response::APIResponse] `data` is this record
      # @raise [ZCRMSDK::ValidationError] the record already has an entity_id (nothing sent)
      # @raise [ZCRMSDK::InvalidRequestError] Zoho refused the data (INVALID_DATA, MANDATORY_NOT_FOUND...)
      # @raise [ZCRMSDK::ZCRMException] Zoho's error answer (an APIError subclass), or NetworkError,
      #   TimeoutError, ProtocolError
      # @raise [ZCRMSDK::ZohoOAuthException] not configured, or no usable tokens for the current user
      def create
        Support.invalid!('create_record', 'id should not be set for the record', 'ID PROVIDED') unless entity_id.nil?
        response = Support.single('records.create_one', 'module' => module_api_name,
                                                        'record' => Mapping::Records.to_api(self))
        written(response)
      end

      # Writes field_data (and the other set attributes) to the record in Zoho.
      # @return [ZCRMSDK::Response::APIResponse] `data` is this record, with modified_time/by from Zoho
      # @raise [ZCRMSDK::ValidationError] the record has no entity_id (nothing sent)
      # @raise [ZCRMSDK::InvalidRequestError] Zoho refused the data
      # @raise [ZCRMSDK::ZCRMException] Zoho's error answer (an APIError subclass), or NetworkError,
      #   TimeoutError, ProtocolError
      # @raise [ZCRMSDK::ZohoOAuthException] not configured, or no usable tokens for the current user
      def update
        require_id!('update_record')
        response = Support.single('records.update_one', record_args.merge('record' => Mapping::Records.to_api(self)))
        written(response)
      end

      # Deletes the record (to the recycle bin).
      # @return [ZCRMSDK::Response::APIResponse]
      # @raise [ZCRMSDK::ValidationError] the record has no entity_id (nothing sent)
      # @raise [ZCRMSDK::ZCRMException] Zoho's error answer (an APIError subclass), or NetworkError,
      #   TimeoutError, ProtocolError
      # @raise [ZCRMSDK::ZohoOAuthException] not configured, or no usable tokens for the current user
      def delete
        require_id!('delete_record')
        Support.single('records.delete_one', record_args)
      end

      # Converts a lead. Returns a Hash of the created ids (`'Contacts'`, `'Accounts'`,
      # `'Deals'`, only those that were created), as 1.0.x did: not a response object.
      #
      #     lead.convert(deal, 'overwrite' => true, 'notify_lead_owner' => true)
      #
      # @param potential_record [ZCRMSDK::Operations::ZCRMRecord, nil] a Deals record to create with it
      # @param details [Hash{String => Object}, Array<Array>, nil] Zoho's convert options
      #   (overwrite, notify_lead_owner, notify_new_entity_owner, Accounts, Contacts, assign_to)
      # @return [Hash{String => String}] the new ids by module
      # @raise [ZCRMSDK::ValidationError] the record has no entity_id or details is not a Hash or pairs (nothing sent)
      # @raise [ZCRMSDK::ZCRMException] Zoho's error answer (an APIError subclass), or NetworkError,
      #   TimeoutError, ProtocolError
      # @raise [ZCRMSDK::ZohoOAuthException] not configured, or no usable tokens for the current user
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

      # Uploads the record's photo from a file.
      # @param file_path [String, Pathname]
      # @return [ZCRMSDK::Response::APIResponse]
      # @raise [ZCRMSDK::ValidationError] no path or no entity_id (nothing sent)
      # @raise [ZCRMSDK::ZCRMException] Zoho's error answer (an APIError subclass), or NetworkError,
      #   TimeoutError, ProtocolError
      # @raise [ZCRMSDK::ZohoOAuthException] not configured, or no usable tokens for the current user
      def upload_photo(file_path)
        Support.require!(file_path, 'upload_photo', 'file path must be given', 'FILEPATH NOT PROVIDED')
        require_id!('upload_photo')
        Support.single('photos.upload', record_args.merge('file_path' => file_path.to_s))
      end

      # Downloads the record's photo.
      # @param to [String, Pathname, IO, nil] new: stream the photo to this path or IO instead of memory
      # @return [ZCRMSDK::Response::FileAPIResponse]
      # @raise [ZCRMSDK::ValidationError] the record has no entity_id (nothing sent)
      # @raise [ZCRMSDK::ZCRMException] Zoho's error answer (an APIError subclass), or NetworkError,
      #   TimeoutError, ProtocolError
      # @raise [ZCRMSDK::ZohoOAuthException] not configured, or no usable tokens for the current user
      def download_photo(to: nil)
        require_id!('download_photo')
        Support.file('photos.download', record_args, to: to)
      end

      # Deletes the record's photo.
      # @return [ZCRMSDK::Response::APIResponse]
      # @raise [ZCRMSDK::ValidationError] the record has no entity_id (nothing sent)
      # @raise [ZCRMSDK::ZCRMException] Zoho's error answer (an APIError subclass), or NetworkError,
      #   TimeoutError, ProtocolError
      # @raise [ZCRMSDK::ZohoOAuthException] not configured, or no usable tokens for the current user
      def delete_photo
        require_id!('delete_photo')
        Support.single('photos.delete', record_args)
      end

      # ---- attachments, notes, related records (through ZCRMModuleRelation, as 1.0.x) -----

      # Attaches a file to the record.
      # @param file_path [String, Pathname]
      # @return [ZCRMSDK::Response::APIResponse] `data` is the new ZCRMAttachment
      # @raise [ZCRMSDK::ValidationError] no path or no entity_id (nothing sent)
      # @raise [ZCRMSDK::ZCRMException] Zoho's error answer (an APIError subclass), or NetworkError,
      #   TimeoutError, ProtocolError
      # @raise [ZCRMSDK::ZohoOAuthException] not configured, or no usable tokens for the current user
      def upload_attachment(file_path)
        relation('Attachments').upload_attachment(file_path)
      end

      # Attaches a URL to the record.
      # @param link_url [String]
      # @return [ZCRMSDK::Response::APIResponse] `data` is the new ZCRMAttachment
      # @raise [ZCRMSDK::ValidationError] no URL or no entity_id (nothing sent)
      # @raise [ZCRMSDK::ZCRMException] Zoho's error answer (an APIError subclass), or NetworkError,
      #   TimeoutError, ProtocolError
      # @raise [ZCRMSDK::ZohoOAuthException] not configured, or no usable tokens for the current user
      def upload_link_as_attachment(link_url)
        relation('Attachments').upload_link_as_attachment(link_url)
      end

      # Downloads one of the record's attachments.
      # @param attachment_id [String, Integer]
      # @param to [String, Pathname, IO, nil] new: stream the file to this path or IO instead of memory
      # @return [ZCRMSDK::Response::FileAPIResponse]
      # @raise [ZCRMSDK::ValidationError] no attachment id or no entity_id (nothing sent)
      # @raise [ZCRMSDK::ZCRMException] Zoho's error answer (an APIError subclass), or NetworkError,
      #   TimeoutError, ProtocolError
      # @raise [ZCRMSDK::ZohoOAuthException] not configured, or no usable tokens for the current user
      def download_attachment(attachment_id, to: nil)
        relation('Attachments').download_attachment(attachment_id, to: to)
      end

      # Deletes one of the record's attachments.
      # @param attachment_id [String, Integer]
      # @return [ZCRMSDK::Response::APIResponse]
      # @raise [ZCRMSDK::ValidationError] no attachment id or no entity_id (nothing sent)
      # @raise [ZCRMSDK::ZCRMException] Zoho's error answer (an APIError subclass), or NetworkError,
      #   TimeoutError, ProtocolError
      # @raise [ZCRMSDK::ZohoOAuthException] not configured, or no usable tokens for the current user
      def delete_attachment(attachment_id)
        relation('Attachments').delete_attachment(attachment_id)
      end

      # One page of the record's attachments (see {#each_attachment} for all of them).
      # @param page [Integer]
      # @param per_page [Integer] at most 200
      # @return [ZCRMSDK::Response::BulkAPIResponse] `data` is an Array of ZCRMAttachment
      # @raise [ZCRMSDK::NoContentError] no attachments on that page
      # @raise [ZCRMSDK::ValidationError] the record has no entity_id (nothing sent)
      # @raise [ZCRMSDK::ZCRMException] Zoho's error answer (an APIError subclass), or NetworkError,
      #   TimeoutError, ProtocolError
      # @raise [ZCRMSDK::ZohoOAuthException] not configured, or no usable tokens for the current user
      def get_attachments(page = 1, per_page = 20)
        relation('Attachments').get_attachments(page, per_page)
      end

      # Links another record to this one through a related list (e.g. a Contact to a Deal,
      # with the junction record's related_data such as Contact_Role).
      # @param junction_record [ZCRMSDK::Operations::ZCRMJunctionRecord]
      # @return [ZCRMSDK::Response::APIResponse]
      # @raise [ZCRMSDK::ValidationError] an id is missing (nothing sent)
      # @raise [ZCRMSDK::ZCRMException] Zoho's error answer (an APIError subclass), or NetworkError,
      #   TimeoutError, ProtocolError
      # @raise [ZCRMSDK::ZohoOAuthException] not configured, or no usable tokens for the current user
      def add_relation(junction_record)
        relation(junction_record).add_relation
      end

      # Unlinks a related record from this one.
      # @param junction_record [ZCRMSDK::Operations::ZCRMJunctionRecord]
      # @return [ZCRMSDK::Response::APIResponse]
      # @raise [ZCRMSDK::ValidationError] an id is missing (nothing sent)
      # @raise [ZCRMSDK::ZCRMException] Zoho's error answer (an APIError subclass), or NetworkError,
      #   TimeoutError, ProtocolError
      # @raise [ZCRMSDK::ZohoOAuthException] not configured, or no usable tokens for the current user
      def remove_relation(junction_record)
        relation(junction_record).remove_relation
      end

      # Adds notes to the record.
      # @param note_instances [Array<ZCRMSDK::Operations::ZCRMNote>] at most 100
      # @return [ZCRMSDK::Response::BulkAPIResponse] `data` is the created notes, with their ids
      # @raise [ZCRMSDK::ValidationError] no notes, too many, or no entity_id (nothing sent)
      # @raise [ZCRMSDK::ZCRMException] Zoho's error answer (an APIError subclass), or NetworkError,
      #   TimeoutError, ProtocolError
      # @raise [ZCRMSDK::ZohoOAuthException] not configured, or no usable tokens for the current user
      def add_notes(note_instances)
        relation('Notes').add_notes(note_instances)
      end

      # Writes a note of the record's back to Zoho.
      # @param note_ins [ZCRMSDK::Operations::ZCRMNote] with its id
      # @return [ZCRMSDK::Response::APIResponse] `data` is the note
      # @raise [ZCRMSDK::ValidationError] the note or the record has no id (nothing sent)
      # @raise [ZCRMSDK::ZCRMException] Zoho's error answer (an APIError subclass), or NetworkError,
      #   TimeoutError, ProtocolError
      # @raise [ZCRMSDK::ZohoOAuthException] not configured, or no usable tokens for the current user
      def update_note(note_ins)
        relation('Notes').update_note(note_ins)
      end

      # Deletes a note of the record's.
      # @param note_ins [ZCRMSDK::Operations::ZCRMNote] with its id
      # @return [ZCRMSDK::Response::APIResponse]
      # @raise [ZCRMSDK::ValidationError] the note or the record has no id (nothing sent)
      # @raise [ZCRMSDK::ZCRMException] Zoho's error answer (an APIError subclass), or NetworkError,
      #   TimeoutError, ProtocolError
      # @raise [ZCRMSDK::ZohoOAuthException] not configured, or no usable tokens for the current user
      def delete_note(note_ins)
        relation('Notes').delete_note(note_ins)
      end

      # One page of the record's notes (see {#each_note} for all of them).
      # @param sort_by [String, nil] a field API name, e.g. 'Modified_Time'
      # @param sort_order [String, nil] 'asc' or 'desc'
      # @param page [Integer]
      # @param per_page [Integer] at most 200
      # @return [ZCRMSDK::Response::BulkAPIResponse] `data` is an Array of ZCRMNote
      # @raise [ZCRMSDK::NoContentError] no notes on that page
      # @raise [ZCRMSDK::ValidationError] the record has no entity_id (nothing sent)
      # @raise [ZCRMSDK::ZCRMException] Zoho's error answer (an APIError subclass), or NetworkError,
      #   TimeoutError, ProtocolError
      # @raise [ZCRMSDK::ZohoOAuthException] not configured, or no usable tokens for the current user
      def get_notes(sort_by = nil, sort_order = nil, page = 1, per_page = 20)
        relation('Notes').get_notes(sort_by, sort_order, page, per_page)
      end

      # One page of the records of a related list (see {#each_related_record} for all of them).
      # @param relatedlist_api_name [String] e.g. 'Contact_Roles', 'Products'
      # @param sort_by [String, nil] a field API name
      # @param sort_order [String, nil] 'asc' or 'desc'
      # @param page [Integer]
      # @param per_page [Integer] at most 200
      # @param fields [Array<String>, String, nil] only these fields
      # @param modified_since [Time, String, nil] only records modified since (If-Modified-Since)
      # @return [ZCRMSDK::Response::BulkAPIResponse] `data` is an Array of ZCRMRecord
      # @raise [ZCRMSDK::NoContentError] no related records on that page
      # @raise [ZCRMSDK::ValidationError] the record has no entity_id (nothing sent)
      # @raise [ZCRMSDK::ZCRMException] Zoho's error answer (an APIError subclass), or NetworkError,
      #   TimeoutError, ProtocolError
      # @raise [ZCRMSDK::ZohoOAuthException] not configured, or no usable tokens for the current user
      def get_relatedlist_records(relatedlist_api_name, sort_by = nil, sort_order = nil, page = 1, per_page = 20,
                                  fields: nil, modified_since: nil)
        relation(relatedlist_api_name).get_records(sort_by, sort_order, page, per_page,
                                                   fields: fields, modified_since: modified_since)
      end

      # ---- tags --------------------------------------------------------------------------

      # Tags the record (at most 10 names, ZCRMTags accepted too). APIResponse, data = self
      # with the added tags in tag_list.
      # @param tagnames [Array<String, ZCRMSDK::Operations::ZCRMTag>] at most 10
      # @return [ZCRMSDK::Response::APIResponse] `data` is this record
      # @raise [ZCRMSDK::ValidationError] no names, more than 10, or no entity_id (nothing sent)
      # @raise [ZCRMSDK::ZCRMException] Zoho's error answer (an APIError subclass), or NetworkError,
      #   TimeoutError, ProtocolError
      # @raise [ZCRMSDK::ZohoOAuthException] not configured, or no usable tokens for the current user
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
      # @param tagnames [Array<String, ZCRMSDK::Operations::ZCRMTag>] at most 10
      # @return [ZCRMSDK::Response::APIResponse] `data` is this record
      # @raise [ZCRMSDK::ValidationError] no names, more than 10, or no entity_id (nothing sent)
      # @raise [ZCRMSDK::ZCRMException] Zoho's error answer (an APIError subclass), or NetworkError,
      #   TimeoutError, ProtocolError
      # @raise [ZCRMSDK::ZohoOAuthException] not configured, or no usable tokens for the current user
      def remove_tags(tagnames)
        names = check_tag_names!(tagnames, 'remove_tags')
        response = Support.single('tags.remove_from_record', record_args.merge('tag_names' => names))
        tag_list.reject! { |tag| names.include?(tag.name.to_s) }
        response.data = self
        response
      end

      # ---- beyond 1.0.x ------------------------------------------------------------------

      # A field's value, the same as `field_data[field_api_name]`.
      # @param field_api_name [String, Symbol] e.g. 'Last_Name'
      # @return [Object, nil]
      def [](field_api_name)
        field_data[field_api_name.to_s]
      end

      # Sets a field's value in field_data (sent by {#create} / {#update}).
      # @param field_api_name [String, Symbol]
      # @param value [Object]
      # @return [Object] the value
      def []=(field_api_name, value)
        field_data[field_api_name.to_s] = value
      end

      # The record as plain Ruby data, keyed like Zoho's JSON: lookups and users as
      # `{'id', 'name'}`, subform rows as Hashes, system properties as `'$key'`.
      # @return [Hash{String => Object}]
      def to_h
        Mapping::Records.to_plain(self)
      end

      # @return [String] module, id and field_data on one line
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

      # The instance variables of a record as `new` makes it, in the order it sets them, which
      # is the order `instance_variables` lists them in (a record whose variables were removed
      # and set again lists them otherwise, and is then taken as touched: it is read eagerly).
      FRESH_VARIABLES = %i[@module_api_name @entity_id @field_data @properties @line_items @participants
                           @price_details @tax_list @tag_list].freeze
      private_constant :FRESH_VARIABLES

      # Nothing was set on this record since `new` (so a read may fill it lazily).
      def untouched?
        instance_variables == FRESH_VARIABLES && @field_data.empty? && @properties.empty? && @line_items.empty? &&
          @participants.empty? && @price_details.empty? && @tax_list.empty? && @tag_list.empty?
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
      #
      #     deal.each_related_record('Contact_Roles').to_a
      #
      # @param related_list_api_name [String]
      # @param options [Hash{Symbol => Object}] sort_by:, sort_order:, fields:, modified_since:,
      #   per_page:, prefetch:
      # @yieldparam record [ZCRMSDK::Operations::ZCRMRecord]
      # @return [Enumerator<ZCRMSDK::Operations::ZCRMRecord>, self] self when given a block
      # @raise [ZCRMSDK::ValidationError] the record has no entity_id (nothing sent)
      # @raise [ZCRMSDK::ZCRMException] Zoho's error answer (an APIError subclass), or NetworkError,
      #   TimeoutError, ProtocolError
      # @raise [ZCRMSDK::ZohoOAuthException] not configured, or no usable tokens for the current user
      def each_related_record(related_list_api_name, **options, &block)
        enumeration = relation(related_list_api_name).each_record(**options, &block)
        block ? self : enumeration
      end

      # Every note of the record, page after page.
      # @param options [Hash{Symbol => Object}] sort_by:, sort_order:, per_page:, prefetch:
      # @yieldparam note [ZCRMSDK::Operations::ZCRMNote]
      # @return [Enumerator<ZCRMSDK::Operations::ZCRMNote>, self] self when given a block
      # @raise [ZCRMSDK::ValidationError] the record has no entity_id (nothing sent)
      # @raise [ZCRMSDK::ZCRMException] Zoho's error answer (an APIError subclass), or NetworkError,
      #   TimeoutError, ProtocolError
      # @raise [ZCRMSDK::ZohoOAuthException] not configured, or no usable tokens for the current user
      def each_note(**options, &block)
        enumeration = relation('Notes').each_note(**options, &block)
        block ? self : enumeration
      end

      # Every attachment of the record, page after page.
      # @param options [Hash{Symbol => Object}] per_page:, prefetch:
      # @yieldparam attachment [ZCRMSDK::Operations::ZCRMAttachment]
      # @return [Enumerator<ZCRMSDK::Operations::ZCRMAttachment>, self] self when given a block
      # @raise [ZCRMSDK::ValidationError] the record has no entity_id (nothing sent)
      # @raise [ZCRMSDK::ZCRMException] Zoho's error answer (an APIError subclass), or NetworkError,
      #   TimeoutError, ProtocolError
      # @raise [ZCRMSDK::ZohoOAuthException] not configured, or no usable tokens for the current user
      def each_attachment(**options, &block)
        enumeration = relation('Attachments').each_attachment(**options, &block)
        block ? self : enumeration
      end

      private

      def record_args
        Support.record_args(module_api_name, entity_id)
      end

      def require_id!(method_name)
        Support.require_record_id!(entity_id, method_name)
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
