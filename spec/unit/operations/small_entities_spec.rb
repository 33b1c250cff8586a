# frozen_string_literal: true

require_relative '../support/zcrm_stubs_spec'

RSpec.describe 'entities with a few API methods' do
  describe ZCRMSDK::Operations::ZCRMTag do
    subject(:tag) { described_class.new('t1', 'hot').tap { |t| t.module_apiname = 'Leads' } }

    it 'deletes' do
      stub_api('tags.delete' => raw({ 'tags' => [success_entry({ 'id' => 't1' }, message: 'tags deleted')] }, api_key: 'tags'))
      expect(tag.delete.message).to eq('tags deleted')
      expect(last_call).to eq(['tags.delete', { 'tag_id' => 't1' }])
      expect { described_class.new.delete }.to raise_error(zcrm_exception_with_code('TAG ID NOT PROVIDED'))
    end

    it 'merges into another tag' do
      stub_api('tags.merge' => raw({ 'tags' => [success_entry({ 'id' => 't2', 'name' => 'warm' })] }, api_key: 'tags'))
      response = tag.merge(described_class.new('t2'))
      expect(last_call).to eq(['tags.merge', { 'tag_id' => 't2', 'conflict_id' => 't1' }])
      expect(response.data).to have_attributes(id: 't2', name: 'warm')
      expect { tag.merge(nil) }.to raise_error(zcrm_exception_with_code('TAG ID OR MERGE TAG ID NOT PROVIDED'))
    end

    it 'renames' do
      stub_api('tags.update_one' => raw({ 'tags' => [success_entry({ 'id' => 't1', 'name' => 'hotter', 'modified_time' => 'm' })] },
                                        api_key: 'tags'))
      tag.name = 'hotter'
      response = tag.update
      expect(last_call).to eq(['tags.update_one', { 'tag_id' => 't1', 'module' => 'Leads', 'tag' => { 'name' => 'hotter' } }])
      expect(response.data).to be(tag)
      expect(tag.modified_time).to eq('m')
      expect { described_class.new(nil, 'x').update }.to raise_error(zcrm_exception_with_code('TAG INSTANCE OR TAG ID NOT PROVIDED'))
    end
  end

  describe ZCRMSDK::Operations::ZCRMCustomView do
    it 'reads its records through ZCRMModule#get_records' do
      stub_api('records.list' => raw({ 'data' => [{ 'id' => '1' }] }))
      view = described_class.get_instance('cv1', 'Leads')
      response = view.get_records('Last_Name', 'asc', 1, 50, nil, fields: ['Email'])
      expect(last_call).to eq(['records.list', { 'module' => 'Leads', 'cvid' => 'cv1', 'sort_by' => 'Last_Name',
                                                 'sort_order' => 'asc', 'page' => 1, 'per_page' => 50,
                                                 'fields' => 'Email' }])
      expect(response.data.first.entity_id).to eq('1')
    end
  end

  describe ZCRMSDK::Operations::ZCRMNote do
    it 'takes its parent from the record' do
      note = described_class.get_instance(ZCRMSDK::Operations::ZCRMRecord.new('Deals', 'd1'), 'n1')
      expect(note).to have_attributes(id: 'n1', parent_module: 'Deals', parent_id: 'd1')
    end

    it 'handles its attachments through Notes/{id}' do
      stub_api('attachments.list' => raw({ 'data' => [{ 'id' => 'a1' }] }),
               'attachments.upload' => raw({ 'data' => [success_entry({ 'id' => 'a2' })] }))
      note = described_class.new(nil, 'n1')
      note.get_attachments
      expect(last_call).to eq(['attachments.list', { 'module' => 'Notes', 'record_id' => 'n1', 'page' => 1, 'per_page' => 20 }])
      expect(note.upload_attachment('/tmp/x').data.id).to eq('a2')
      expect { described_class.new.upload_attachment('/tmp/x') }.to raise_error(zcrm_exception_with_code('RECORD ID NOT PROVIDED'))
    end
  end

  describe ZCRMSDK::Operations::ZCRMModuleRelation do
    it 'keeps 1.0.x construction rules' do
      record = ZCRMSDK::Operations::ZCRMRecord.new('Leads', '1')
      junction = ZCRMSDK::Operations::ZCRMJunctionRecord.new('Contacts', '2')
      expect(described_class.get_instance(record, junction)).to have_attributes(parent_record: record, junction_record: junction,
                                                                                api_name: nil)
      expect(described_class.new('Leads', 'Notes')).to have_attributes(parent_module_api_name: 'Leads', api_name: 'Notes',
                                                                        parent_record: nil)
    end

    it 'defaults get_notes to 200 per page (1.0.x)' do
      stub_api('notes.list_for_record' => raw({ 'data' => [] }))
      described_class.new(ZCRMSDK::Operations::ZCRMRecord.new('Leads', '1'), 'Notes').get_notes
      expect(last_call[1]).to include('per_page' => 200)
    end
  end

  describe ZCRMSDK::Operations::ZCRMVariable do
    subject(:variable) { described_class.get_instance('Rate', 'v1') }

    it 'reads itself' do
      stub_api('variables.get' => raw({ 'variables' => [{ 'id' => 'v1', 'value' => 5, 'name' => 'Rate',
                                                          'variable_group' => { 'api_name' => 'General', 'id' => 'g1' } }] },
                                      api_key: 'variables'))
      response = variable.get(ZCRMSDK::Operations::ZCRMVariableGroup.new('General', 'g1'))
      expect(last_call).to eq(['variables.get', { 'variable_id' => 'v1', 'group' => 'g1' }])
      expect(response.data).to be(variable)
      expect(variable).to have_attributes(value: 5, name: 'Rate')
      expect(variable.variable_group.api_name).to eq('General')
      expect { variable.get(nil) }.to raise_error(zcrm_exception_with_code('ID IS NOT PROVIDED'))
    end

    it 'updates and deletes itself' do
      stub_api('variables.update_one' => raw({ 'variables' => [success_entry({ 'id' => 'v1' })] }, api_key: 'variables'),
               'variables.delete' => raw({ 'variables' => [success_entry({ 'id' => 'v1' })] }, api_key: 'variables'))
      variable.value = 9
      expect(variable.update.data).to be(variable)
      expect(last_call).to eq(['variables.update_one', { 'variable_id' => 'v1',
                                                         'variable' => { 'id' => 'v1', 'api_name' => 'Rate', 'value' => 9 } }])
      variable.delete
      expect(last_call).to eq(['variables.delete', { 'variable_id' => 'v1' }])
      expect { described_class.new.delete }.to raise_error(zcrm_exception_with_code('ID IS NOT PROVIDED'))
    end
  end

  describe ZCRMSDK::Operations::ZCRMVariableGroup do
    it 'reads itself' do
      stub_api('variable_groups.get' => raw({ 'variable_groups' => [{ 'id' => 'g1', 'display_label' => 'G' }] },
                                            api_key: 'variable_groups'))
      group = described_class.new(nil, 'g1')
      expect(group.get.data).to have_attributes(id: 'g1', display_label: 'G')
      expect(last_call).to eq(['variable_groups.get', { 'variable_group_id' => 'g1' }])
    end
  end

  describe ZCRMSDK::Operations::ZCRMInventoryLineItem do
    it 'takes a product or an id, with defaults in both cases' do
      product = ZCRMSDK::Operations::ZCRMRecord.new('Products', 'p1')
      expect(described_class.new(product)).to have_attributes(product: product, id: nil, line_tax: [], delete_flag: false)
      expect(described_class.get_instance('li1')).to have_attributes(product: nil, id: 'li1', line_tax: [], delete_flag: false)
    end
  end
end
