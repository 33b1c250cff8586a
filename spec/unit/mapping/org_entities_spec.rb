# frozen_string_literal: true

require_relative '../support/zcrm_stubs_spec'

RSpec.describe 'organization, notes, tags and variables mapping' do
  describe ZCRMSDK::Mapping::Organization do
    it 'maps the org with its license details' do
      org = described_class.from_api(
        'id' => 'o1', 'company_name' => 'Zylker', 'alias' => 'Z', 'zip' => '1000', 'gapps_enabled' => true,
        'primary_email' => 'a@z.com', 'currency' => 'USD',
        'license_details' => { 'paid' => true, 'paid_type' => 'enterprise', 'users_license_purchased' => 10 }
      )
      expect(org).to be_a(ZCRMSDK::Org::ZCRMOrganization)
      expect(org).to have_attributes(org_id: 'o1', company_name: 'Zylker', alias_aka: 'Z', zip_code: '1000',
                                     is_gapps_enabled: true, is_paid_account: true, paid_type: 'enterprise',
                                     users_license_purchased: 10, currency: 'USD')
    end

    it 'maps an org without license details' do
      expect(described_class.from_api('id' => 'o1')).to have_attributes(org_id: 'o1', is_paid_account: nil)
    end
  end

  describe ZCRMSDK::Mapping::Roles do
    it 'maps a role' do
      role = described_class.from_api('id' => 'r1', 'name' => 'CEO', 'display_label' => 'CEO', 'admin_user' => true,
                                      'reporting_to' => { 'id' => 'r0', 'name' => 'Board' }, 'forecast_manager' => nil)
      expect(role).to have_attributes(id: 'r1', name: 'CEO', is_admin: true, is_share_with_peers: false, forecast_manager: nil)
      expect(role.reporting_to).to have_attributes(id: 'r0', name: 'Board')
    end
  end

  describe ZCRMSDK::Mapping::Profiles do
    it 'maps permissions and sections' do
      profile = described_class.from_api(
        'id' => 'p1', 'name' => 'Administrator', 'category' => true, 'created_by' => nil,
        'permissions_details' => [{ 'id' => 'x1', 'name' => 'Crm_Implied_View', 'display_label' => 'View',
                                    'module' => 'Leads', 'enabled' => true }],
        'sections' => [{ 'name' => 'template', 'categories' => [{ 'name' => 'email', 'display_label' => 'Email',
                                                                   'permissions_details' => ['x1'], 'module' => 'Leads' }] }]
      )
      expect(profile).to have_attributes(id: 'p1', name: 'Administrator', category: true, created_by: nil)
      expect(profile.permissions.first).to have_attributes(name: 'Crm_Implied_View', module_api_name: 'Leads', is_enabled: true)
      expect(profile.sections.first.categories.first).to have_attributes(name: 'email', permission_ids: ['x1'])
    end
  end

  describe ZCRMSDK::Mapping::Taxes do
    it 'maps both ways' do
      tax = described_class.from_api('id' => 't1', 'name' => 'VAT', 'display_label' => 'Vat', 'value' => 20, 'sequence_number' => 1)
      expect(tax).to have_attributes(id: 't1', name: 'VAT', display_label: 'Vat', value: 20, sequence_number: 1)
      expect(described_class.to_api(tax)).to eq('id' => 't1', 'name' => 'VAT', 'display_label' => 'Vat', 'value' => 20,
                                                'sequence_number' => 1)
      expect(described_class.to_api(ZCRMSDK::Operations::ZCRMOrgTax.new(nil, 'GST'))).to eq('name' => 'GST')
    end
  end

  describe ZCRMSDK::Mapping::Notes do
    let(:note_json) do
      { 'id' => 'n1', 'Note_Title' => 'Call', 'Note_Content' => 'Said yes', '$se_module' => 'Leads',
        'Parent_Id' => { 'name' => 'Boyle', 'id' => 'l1' }, '$editable' => true, '$voice_note' => false, '$size' => nil,
        'Owner' => { 'id' => 'u1', 'name' => 'A' }, 'Created_Time' => 't',
        '$attachments' => [{ 'id' => 'a1', 'File_Name' => 'x.pdf' }] }
    end

    it 'builds the parent record from Parent_Id and $se_module when none is given' do
      note = described_class.from_api(note_json)
      expect(note).to have_attributes(id: 'n1', title: 'Call', content: 'Said yes', parent_module: 'Leads', parent_id: 'l1',
                                      parent_name: 'Boyle', is_editable: true, is_voice_note: false, created_time: 't')
      expect(note.parent_record).to have_attributes(module_api_name: 'Leads', entity_id: 'l1', name: 'Boyle')
      expect(note.attachments.first).to have_attributes(id: 'a1', file_name: 'x.pdf', parent_record: note.parent_record)
      expect(note.owner.id).to eq('u1')
    end

    it 'fills a given note and keeps its parent' do
      parent = ZCRMSDK::Operations::ZCRMRecord.new('Deals', 'd1')
      note = ZCRMSDK::Operations::ZCRMNote.new(parent, 'n1')
      described_class.from_api({ 'id' => 'n1', 'Modified_Time' => 'm' }, note, parent)
      expect(note).to have_attributes(parent_record: parent, modified_time: 'm', parent_module: 'Deals', parent_id: 'd1')
    end

    it 'does not crash without Parent_Id (1.0.x did)' do
      expect(described_class.from_api('id' => 'n2').parent_record).to be_nil
    end

    it 'writes a note as 1.0.x did' do
      note = ZCRMSDK::Operations::ZCRMNote.new(ZCRMSDK::Operations::ZCRMRecord.new('Leads', 99))
      note.content = 'Hello'
      expect(described_class.to_api(note)).to eq('Note_Content' => 'Hello', 'Parent_Id' => '99', 'se_module' => 'Leads')
      note.title = 'T'
      expect(described_class.to_api(note).keys.first).to eq('Note_Title')
    end
  end

  describe ZCRMSDK::Mapping::Attachments do
    it 'maps an attachment' do
      parent = ZCRMSDK::Operations::ZCRMRecord.new('Leads', 'l1')
      attachment = described_class.from_api(
        { 'id' => 'a1', 'File_Name' => 'x.pdf', 'Size' => '10', '$file_id' => 'f', '$type' => 'Attachment',
          '$link_url' => nil, '$editable' => true, '$se_module' => 'Leads', 'Parent_Id' => { 'id' => 'l1', 'name' => 'B' },
          'Created_By' => { 'id' => 'u1', 'name' => 'A' }, 'Modified_Time' => 'm' }, parent
      )
      expect(attachment).to have_attributes(id: 'a1', parent_record: parent, file_name: 'x.pdf', size: '10', file_id: 'f',
                                            type: 'Attachment', is_editable: true, parent_module: 'Leads',
                                            parent_id: 'l1', parent_name: 'B', modified_time: 'm')
      expect(attachment.created_by.id).to eq('u1')
    end
  end

  describe ZCRMSDK::Mapping::Tags do
    it 'sets the name and modified_by (1.0.x wrote modified_by into created_by and dropped the name)' do
      tag = described_class.from_api({ 'id' => 't1', 'name' => 'hot', 'created_by' => { 'id' => 'u1', 'name' => 'A' },
                                       'modified_by' => { 'id' => 'u2', 'name' => 'B' }, 'created_time' => 'c',
                                       'modified_time' => 'm' }, 'Leads')
      expect(tag).to have_attributes(id: 't1', name: 'hot', module_apiname: 'Leads', created_time: 'c', modified_time: 'm')
      expect(tag.created_by.id).to eq('u1')
      expect(tag.modified_by.id).to eq('u2')
    end

    it 'writes {id?, name?}' do
      expect(described_class.to_api(ZCRMSDK::Operations::ZCRMTag.new(nil, 'hot'))).to eq('name' => 'hot')
      expect(described_class.to_api(ZCRMSDK::Operations::ZCRMTag.new(5, 'hot'))).to eq('id' => '5', 'name' => 'hot')
    end
  end

  describe ZCRMSDK::Mapping::Variables do
    it 'maps a variable with its group' do
      variable = described_class.from_api('id' => 'v1', 'api_name' => 'Rate', 'name' => 'Rate', 'type' => 'integer',
                                          'value' => 5, 'description' => nil,
                                          'variable_group' => { 'api_name' => 'General', 'id' => 'g1' })
      expect(variable).to have_attributes(id: 'v1', api_name: 'Rate', type: 'integer', value: 5, description: nil)
      expect(variable.variable_group).to have_attributes(api_name: 'General', id: 'g1')
    end

    it "sends the group's api_name, not its id (1.0.x bug)" do
      variable = ZCRMSDK::Operations::ZCRMVariable.new('Rate')
      variable.value = 7
      variable.variable_group = ZCRMSDK::Operations::ZCRMVariableGroup.new('General', 'g1')
      expect(described_class.to_api(variable)).to eq('api_name' => 'Rate', 'value' => 7,
                                                     'variable_group' => { 'id' => 'g1', 'api_name' => 'General' })
    end
  end

  describe ZCRMSDK::Mapping::VariableGroups do
    it 'maps a group' do
      group = described_class.from_api('id' => 'g1', 'api_name' => 'General', 'name' => 'General', 'display_label' => 'G')
      expect(group).to have_attributes(id: 'g1', api_name: 'General', display_label: 'G')
    end
  end

  describe ZCRMSDK::Mapping::TrashRecords do
    it 'maps a deleted record' do
      trash = described_class.from_api({ 'id' => 'x', 'type' => 'recycle', 'display_name' => 'Boyle',
                                         'created_by' => { 'id' => 'u1', 'name' => 'A' }, 'deleted_by' => nil,
                                         'deleted_time' => 't' }, 'Leads')
      expect(trash).to have_attributes(id: 'x', type: 'recycle', module_api_name: 'Leads', display_name: 'Boyle',
                                       deleted_by: nil, deleted_time: 't')
      expect(trash.created_by.id).to eq('u1')
    end
  end
end
