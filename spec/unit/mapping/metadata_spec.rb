# frozen_string_literal: true

require_relative '../support/zcrm_stubs_spec'

RSpec.describe 'metadata mapping' do
  describe ZCRMSDK::Mapping::Fields do
    let(:field_json) do
      {
        'api_name' => 'Lead_Status', 'id' => 'f1', 'field_label' => 'Lead Status', 'data_type' => 'picklist',
        'system_mandatory' => true, 'custom_field' => false, 'visible' => true, 'read_only' => false,
        'length' => '120', 'sequence_number' => 4, 'json_type' => 'string', 'decimal_place' => nil,
        'view_type' => { 'view' => true, 'edit' => true, 'quick_create' => false, 'create' => true },
        'pick_list_values' => [{ 'display_value' => 'New', 'actual_value' => 'New', 'sequence_number' => 1, 'maps' => [] }],
        'lookup' => {}, 'unique' => { 'casesensitive' => true },
        'currency' => { 'precision' => '2', 'rounding_option' => 'normal' },
        'auto_number' => {}, 'formula' => { 'return_type' => 'double', 'expression' => 'A+B' },
        'multiselectlookup' => { 'api_name' => 'Tags', 'id' => 'm1', 'connected_module' => 'X', 'linking_module' => 'Y' }
      }
    end

    it 'maps a field' do
      field = described_class.from_api(field_json)
      expect(field).to have_attributes(api_name: 'Lead_Status', id: 'f1', is_mandatory: true, is_custom_field: false,
                                       length: 120, sequence_number: 4, data_type: 'picklist', is_unique_field: true,
                                       is_case_sensitive: true, is_currency_field: true, precision: 2,
                                       is_formula_field: true, formula_expression: 'A+B', is_auto_number: false,
                                       field_layout_permissions: %w[VIEW CREATE EDIT])
      expect(field.picklist_values.first).to have_attributes(display_value: 'New', sequence_number: 1)
      expect(field.lookup_field).to eq({})
      expect(field.multiselectlookup).to have_attributes(api_name: 'Tags', connected_module: 'X')
    end

    it 'tolerates missing pick_list_values and null lookups (1.0.x raised)' do
      field = described_class.from_api('api_name' => 'X', 'pick_list_values' => nil, 'lookup' => nil, 'unique' => nil)
      expect(field).to have_attributes(picklist_values: [], is_unique_field: false, is_case_sensitive: false)
      expect(described_class.from_api('api_name' => 'Y', 'lookup' => { 'api_name' => 'Account_Name', 'module' => 'Accounts' })
        .lookup_field).to have_attributes(module_apiname: 'Accounts')
    end
  end

  describe ZCRMSDK::Mapping::Modules do
    let(:module_json) do
      {
        'api_name' => 'Leads', 'id' => 'm1', 'module_name' => 'Leads', 'singular_label' => 'Lead', 'plural_label' => 'Leads',
        'generated_type' => 'default', 'api_supported' => true, 'creatable' => true, 'viewable' => true,
        'convertable' => true, 'editable' => true, 'deletable' => true, 'quick_create' => true,
        'global_search_supported' => true, 'presence_sub_menu' => true,
        'modified_by' => { 'name' => 'A', 'id' => 'u1' }, 'profiles' => [{ 'name' => 'Administrator', 'id' => 'p1' }],
        'business_card_field_limit' => 5, 'per_page' => '200', 'display_field' => 'Full_Name',
        'related_lists' => [{ 'api_name' => 'Notes', 'id' => 'rl1', 'module' => 'Notes', 'visible' => true }],
        'related_list_properties' => { 'sort_by' => nil, 'sort_order' => 'asc', 'fields' => ['Name'] },
        'custom_view' => { 'id' => 'cv1', 'name' => 'All', 'display_value' => 'All Leads', 'default' => true },
        'territory' => { 'id' => 'te1', 'name' => 'EU' },
        'parent_module' => { 'api_name' => 'Accounts', 'id' => 'm0' }
      }
    end

    it 'maps a module, related lists included (NoMethodError in 1.0.x)' do
      mod = described_class.from_api(module_json)
      expect(mod).to have_attributes(api_name: 'Leads', id: 'm1', is_api_supported: true, is_custom_module: false,
                                     is_webform_supported: false, is_global_search_supported: true,
                                     is_presence_sub_menu: true, per_page: 200, business_card_field_limit: 5,
                                     display_field_name: 'Full_Name', default_custom_view_id: 'cv1',
                                     default_territory_name: 'EU')
      expect(mod.related_lists.first).to have_attributes(api_name: 'Notes', id: 'rl1', module_apiname: 'Notes', is_visible: true)
      expect(mod.related_list_properties).to have_attributes(sort_order: 'asc', fields: ['Name'])
      expect(mod.default_custom_view).to have_attributes(id: 'cv1', module_api_name: 'Leads', is_default: true)
      expect(mod.parent_module).to have_attributes(api_name: 'Accounts', id: 'm0')
      expect(mod.profiles.first.name).to eq('Administrator')
      expect(mod.modified_by.id).to eq('u1')
    end

    it 'maps a minimal module' do
      expect(described_class.from_api('api_name' => 'Foo__c', 'generated_type' => 'custom'))
        .to have_attributes(is_custom_module: true, related_lists: nil, profiles: [], is_kanban_view: nil)
    end
  end

  describe ZCRMSDK::Mapping::Layouts do
    it 'maps sections, fields, profiles and the convert mapping' do
      json = {
        'id' => 'l1', 'name' => 'Standard', 'visible' => true, 'status' => 0,
        'created_by' => nil, 'modified_by' => { 'id' => 'u1', 'name' => 'A' },
        'profiles' => [{ 'id' => 'p1', 'name' => 'Administrator', 'default' => true }],
        'sections' => [{ 'name' => 'Info', 'display_label' => 'Lead Information', 'column_count' => 2,
                         'sequence_number' => 1, 'isSubformSection' => false, 'api_name' => 'Info',
                         'properties' => { 'reorder_rows' => true, 'tooltip' => nil, 'maximum_rows' => 5 },
                         'fields' => [{ 'api_name' => 'Last_Name', 'pick_list_values' => [] }] }],
        'convert_mapping' => { 'Contacts' => { 'id' => 'c1', 'name' => 'Contacts',
                                               'fields' => [{ 'api_name' => 'Email', 'id' => 'f9', 'required' => true }] },
                               'Deals' => nil }
      }
      layout = ZCRMSDK::Mapping::Layouts.from_api(json)
      expect(layout).to have_attributes(id: 'l1', name: 'Standard', is_visible: true, created_by: nil)
      expect(layout.accessible_profiles.first).to have_attributes(id: 'p1', is_default: true)
      section = layout.sections.first
      expect(section).to have_attributes(name: 'Info', column_count: 2, is_subform_section: false)
      expect(section.properties).to have_attributes(reorder_rows: true, maximum_rows: 5)
      expect(section.fields.first.api_name).to eq('Last_Name')
      expect(layout.convert_mapping.keys).to eq(['Contacts'])
      expect(layout.convert_mapping['Contacts'].fields.first).to have_attributes(api_name: 'Email', is_required: true)
    end
  end

  describe ZCRMSDK::Mapping::CustomViews do
    let(:criteria) do
      { 'group_operator' => 'or', 'group' => [
        { 'comparator' => 'equal', 'field' => { 'api_name' => 'Owner', 'id' => '1' }, 'value' => '${CURRENTUSER}' },
        { 'comparator' => 'equal', 'field' => 'Lead_Status', 'value' => 'New' },
        { 'group_operator' => 'and', 'group' => [
          { 'comparator' => 'starts_with', 'field' => 'Company', 'value' => 'Z' },
          { 'comparator' => 'equal', 'field' => 'City', 'value' => 'Paris' }
        ] }
      ] }
    end

    it 'builds criteria of any group size, numbering leaves in order' do
      view = described_class.from_api({ 'id' => 'cv1', 'criteria' => criteria }, 'Leads')
      expect(view.criteria_pattern).to eq('{0or1or{2and3}}')
      expect(view.criteria_condition)
        .to eq('( (Owner:equal:${CURRENTUSER}) or (Lead_Status:equal:New) or( (Company:starts_with:Z) and (City:equal:Paris) ))') # 1.0.x spacing
      expect(view.criteria.group.last.group.map(&:index)).to eq([2, 3])
      expect(view.criteria.group.first.field).to eq('api_name' => 'Owner', 'id' => '1')
    end

    it 'keeps 1.0.x strings for a two-member group' do
      json = { 'criteria' => { 'group_operator' => 'and', 'group' => criteria['group'].last['group'] } }
      view = described_class.from_api(json, 'Leads')
      expect(view.criteria_condition).to eq('( (Company:starts_with:Z) and (City:equal:Paris) )')
      expect(view.criteria_pattern).to eq('{0and1}')
    end

    it 'maps a single condition and the categories of info.translation' do
      json = { 'id' => 'cv1', 'display_value' => 'Mine', 'system_defined' => true, 'offline' => false,
               'criteria' => { 'comparator' => 'equal', 'field' => 'A', 'value' => 1 } }
      view = described_class.from_api(json, 'Leads', 'public_views' => 'Public Views', 'created_by_me' => 'Created By Me')
      expect(view).to have_attributes(id: 'cv1', module_api_name: 'Leads', is_system_defined: true, is_off_line: false,
                                      criteria_pattern: '0', criteria_condition: ' (A:equal:1) ')
      expect(view.categories.map { |c| [c.actual_value, c.display_value] })
        .to eq([['public_views', 'Public Views'], ['created_by_me', 'Created By Me']])
    end

    it 'writes the update body' do
      view = ZCRMSDK::Operations::ZCRMCustomView.new('cv1', 'Leads')
      view.sort_order = 'desc'
      view.sort_by = ZCRMSDK::Operations::ZCRMField.new('Last_Name', 'f1')
      expect(described_class.to_api(view)).to eq('sort_by' => { 'id' => 'f1', 'api_name' => 'Last_Name' }, 'sort_order' => 'desc')
      view.sort_by = 'Company'
      expect(described_class.to_api(view)['sort_by']).to eq('api_name' => 'Company')
      view.sort_by = { 'api_name' => 'City', 'id' => 'f2', 'extra' => 1 }
      expect(described_class.to_api(view)['sort_by']).to eq('api_name' => 'City', 'id' => 'f2')
    end
  end

  describe ZCRMSDK::Mapping::RelatedLists do
    it 'maps a related list' do
      list = described_class.from_api('api_name' => 'Contacts', 'id' => 'r1', 'module' => 'Contacts', 'display_label' => 'C',
                                      'name' => 'Contacts', 'type' => 'default', 'href' => 'Accounts/{id}/Contacts',
                                      'visible' => false, 'action' => nil, 'sequence_number' => '3')
      expect(list).to have_attributes(api_name: 'Contacts', module_apiname: 'Contacts', is_visible: false, sequence_number: '3')
    end
  end
end
