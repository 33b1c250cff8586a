# frozen_string_literal: true

# The CRM entities of ZCRMSDK::Operations (and ZCRMSDK::Org::ZCRMOrganization), the response
# classes they return, and the JSON mapping between the two. API calls go through
# ZCRMSDK::Internal.call and raise ZCRMSDK::Utility::ZCRMException; both are loaded by
# lib/zcrmsdk.rb and only looked up when a call is made.
require_relative 'response'

%w[
  common records trash_records notes attachments tags modules related_lists fields layouts
  custom_views users roles profiles organization taxes variables variable_groups
].each { |name| require_relative "mapping/#{name}" }

%w[
  support pagination batching
  zcrm_module zcrm_sub_form zcrm_tag zcrm_record zcrm_inventory_line_item zcrm_tax zcrm_org_tax
  zcrm_event_participant zcrm_price_book_pricing zcrm_user zcrm_user_customize_info zcrm_user_theme
  zcrm_role zcrm_layout zcrm_attachment zcrm_custom_view zcrm_custom_view_category
  zcrm_custom_view_criteria zcrm_field zcrm_junction_record zcrm_lead_convert_mapping
  zcrm_lead_convert_mapping_field zcrm_lookup_field zcrm_module_related_list zcrm_module_relation
  zcrm_note zcrm_permission zcrm_pick_list_value zcrm_multi_select_lookup_field zcrm_profile
  zcrm_profile_category zcrm_profile_section zcrm_related_list_properties zcrm_section
  zcrm_section_properties zcrm_trash_record zcrm_variable zcrm_variable_group
].each { |name| require_relative "operations/#{name}" }

require_relative 'org/zcrm_organization'
