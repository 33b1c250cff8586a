# frozen_string_literal: true

require 'tempfile'

# What the integration suites Zoho shipped with 1.0.x, written against a real org, expect of
# the server (issue 12), checked through the gem; crates/zcrm-emulator/tests/zoho_suites.rs
# checks the same answers on the wire.
RSpec.describe 'CRM answers Zoho\'s own 1.0.x suites expect' do
  include_context 'with a signed-in CRM'

  let(:operations) { ZCRMSDK::Operations }
  let(:org) { client.get_organization_instance }
  let(:leads) { module_named('Leads') }

  def id_of(value)
    value.respond_to?(:entity_id) ? value.entity_id : value['id']
  end

  describe 'metadata' do
    it 'Notes cannot be quick-created; the other record modules can' do
      modules = client.get_all_modules.data.to_h { |m| [m.api_name, m] }

      expect(modules['Notes'].is_quick_create).to be(false)
      expect(modules['Leads'].is_quick_create).to be(true)
    end

    it "an activity's What_Id looks up the module its record names (se_module)" do
      %w[Tasks Events Calls].each do |name|
        what = module_named(name).get_all_fields.data.find { |f| f.api_name == 'What_Id' }
        expect(what.lookup_field).to have_attributes(api_name: 'What_Id', module_apiname: 'se_module')
      end
    end

    it 'layouts of modules without conversion read without a convert mapping' do
      layout = module_named('Contacts').get_all_layouts.data.first

      expect(layout.convert_mapping).to be_empty
      expect(leads.get_all_layouts.data.first.convert_mapping.keys).to include('Contacts', 'Accounts', 'Deals')
    end

    it 'custom views give their sort field and criteria fields as API names' do
      views = leads.get_all_customviews.data
      recent = views.find { |v| v.system_name == 'RECENTLYCREATED' }
      mine = leads.get_customview(views.find { |v| v.system_name == 'MYVIEWS' }.id).data

      expect(recent).to have_attributes(sort_by: 'Created_Time', sort_order: 'desc')
      expect(mine.criteria.field).to eq('Owner')
      expect(mine.criteria_condition).to include('Owner:equal:')
    end
  end

  describe 'records and tags' do
    def tagged_lead(last_name, *tags)
      new_lead(last_name, Email: "#{last_name.downcase}@example.com").tap do |lead|
        lead.tag_list = tags.map { |name| operations::ZCRMTag.get_instance(nil, name) }
      end
    end

    it 'records created or upserted with tags come back tagged, and the tag counts include them' do
      created = tagged_lead('Created', 'suite')
      leads.create_records([created])
      upserted = tagged_lead('Upserted', 'suite', 'upsert')
      leads.upsert_records([upserted], ['Email'])

      expect(leads.get_record(created.entity_id).data.tag_list.map(&:name)).to eq(['suite'])
      expect(leads.get_record(upserted.entity_id).data.tag_list.map(&:name)).to eq(%w[suite upsert])
      suite = leads.get_tags.data.find { |t| t.name == 'suite' }
      expect(leads.get_tag_count(suite.id).data.count.to_i).to eq(2)
    end

    it 'adding a relation answers "relation added", removing it "relation removed"' do
      deal = create_records!('Deals', [{ 'Deal_Name' => 'Suite deal', 'Stage' => 'Qualification' }]).first
      contact = create_records!('Contacts', [{ 'Last_Name' => 'Role' }]).first
      junction = operations::ZCRMJunctionRecord.get_instance('Contact_Roles', contact.entity_id)
      junction.related_data['Contact_Role'] = 'Evaluator'

      expect(deal.add_relation(junction).message).to eq('relation added')
      expect(deal.remove_relation(junction).message).to eq('relation removed')
    end

    it 'after a merge, the tag merged away still exists and can be deleted' do
      hot, warm = leads.create_tags([operations::ZCRMTag.get_instance(nil, 'hot'),
                                     operations::ZCRMTag.get_instance(nil, 'warm')]).data
      warm.merge(hot)

      expect(leads.get_tags.data.map(&:id)).to include(warm.id)
      expect(warm.delete.message).to eq('tags deleted successfully')
      expect(leads.get_tags.data.map(&:id)).to eq([hot.id])
    end
  end

  describe 'users' do
    let(:me) { client.get_current_user.data.first }

    it 'carry a theme with its new_background, and the Indian org time zone as Asia/Calcutta' do
      expect(me.theme.new_background).to be_a(String)
      expect(me.time_zone).to eq('Asia/Calcutta')
    end

    it 'a created user reports to a named manager, has the org date format, a US country locale and no zuid yet' do
      manager = org.get_all_roles.data.find { |r| r.name == 'Manager' }
      standard = org.get_all_profiles.data.find { |p| p.name == 'Standard' }
      user = operations::ZCRMUser.get_instance.tap do |u|
        u.last_name = 'Suite'
        u.email = 'suite.user@example.com'
        u.role = operations::ZCRMRole.get_instance(manager.id)
        u.profile = operations::ZCRMProfile.get_instance(standard.id)
        u.reporting_to = operations::ZCRMUser.get_instance(me.id)
        u.date_format = 'dd/MM/yyyy'
        u.country_locale = 'en_US'
      end
      org.create_user(user)
      read = org.get_user(user.id).data

      expect(read).to have_attributes(country_locale: 'US', zuid: nil, date_format: 'MM/dd/yyyy')
      expect(read.reporting_to).to have_attributes(id: me.id, name: me.full_name)
    end
  end

  describe 'taxes' do
    it 'display_label is the name, follows a rename, and whole rates are Integers' do
      sales = org.get_organization_taxes.data.find { |t| t.name == 'Sales Tax' }
      expect(sales).to have_attributes(display_label: 'Sales Tax', value: 8)
      expect(sales.value).to be_an(Integer)

      sales.name = 'State Tax'
      org.update_organization_taxes([sales])
      expect(org.get_organization_tax(sales.id).data).to have_attributes(name: 'State Tax', display_label: 'State Tax')
    end
  end

  describe 'a seeded org' do
    let(:emulator_options) { { seed_records: 2 } }

    it 'has an admin in India, purged records in the recycle bin and activities about deals' do
      admins = org.search_users_by_criteria('(country:equals:India)', 'AdminUsers').data
      expect(admins.map(&:email)).to eq([emulator.user_email])

      purged = leads.get_permanently_deleted_records.data
      expect(purged.size).to eq(1)
      expect(purged.first.type).to eq('permanent')

      deal_ids = module_named('Deals').get_records.data.map(&:entity_id)
      %w[Tasks Events Calls].each do |name|
        activities = module_named(name).get_records.data
        expect(activities.size).to eq(2)
        expect(deal_ids).to include(*activities.map { |a| id_of(a['What_Id']) })
      end
    end
  end
end
