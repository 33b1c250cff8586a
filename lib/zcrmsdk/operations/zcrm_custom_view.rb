# frozen_string_literal: true

module ZCRMSDK
  module Operations
    # A custom view (list filter) of a module.
    class ZCRMCustomView
      attr_accessor :is_system_defined, :shared_details, :criteria_pattern, :criteria_condition, :id,
                    :module_api_name, :display_value, :is_default, :name, :system_name, :sort_by, :category,
                    :fields, :favorite, :sort_order, :criteria, :categories, :is_off_line

      # 1.0.x's constructor, the same as `new`; it sends nothing.
      # @param custom_view_id [String, Integer] the custom view id
      # @param module_api_name [String, nil] the module api name
      # @return [ZCRMSDK::Operations::ZCRMCustomView]
      def self.get_instance(custom_view_id, module_api_name = nil)
        new(custom_view_id, module_api_name)
      end

      # @param custom_view_id [String, Integer] the custom view id
      # @param module_api_name [String, nil] the module api name
      def initialize(custom_view_id, module_api_name = nil)
        @id = custom_view_id
        @module_api_name = module_api_name
        @fields = []
        @categories = []
      end

      # The records of this view: ZCRMModule#get_records with this view's id (keyword
      # options included).
      # @param sort_by [String, nil]
      # @param sort_order [String, nil] 'asc' or 'desc'
      # @param page [Integer]
      # @param per_page [Integer] at most 200
      # @param headers [Hash{String => String}, nil]
      # @param options [Hash{Symbol => Object}] ZCRMModule#get_records' keywords
      # @return [ZCRMSDK::Response::BulkAPIResponse] `data` is an Array of ZCRMRecord
      # @raise [ZCRMSDK::NoContentError] an empty page
      # @raise [ZCRMSDK::ZCRMException] ValidationError for a missing or bad argument (nothing sent); Zoho's
      #   error answers (APIError subclasses), NetworkError, TimeoutError, ProtocolError
      def get_records(sort_by = nil, sort_order = nil, page = 1, per_page = 200, headers = nil, **options)
        ZCRMModule.new(module_api_name).get_records(id, sort_by, sort_order, page, per_page, headers, **options)
      end
    end
  end
end
