# frozen_string_literal: true

# Tags: a module's tags (ZCRMModule), tagging records one at a time (ZCRMRecord) or many at
# once (ZCRMModule), and a tag's own calls (ZCRMTag).
RSpec.describe 'CRM tags' do
  include_context 'with a signed-in CRM'

  let(:leads) { module_named('Leads') }
  let(:tag_class) { ZCRMSDK::Operations::ZCRMTag }

  def create_tags!(*names)
    leads.create_tags(names.map { |name| tag_class.get_instance(nil, name) }).data.tap { emulator.clear_requests }
  end

  def tag_names_of(record_id)
    leads.get_record(record_id).data.tag_list.map(&:name).sort.tap { emulator.clear_requests }
  end

  describe 'ZCRMModule#create_tags / #get_tags / #update_tags' do
    it 'create_tags POSTs settings/tags?module= {"tags":[{"name"}]}; data are ZCRMTags with ids' do
      hot = tag_class.get_instance(nil, 'hot')
      cold = tag_class.get_instance(nil, 'cold')
      response = leads.create_tags([hot, cold])

      request = request_for(:post, '/settings/tags')
      expect(request.query).to eq('module' => 'Leads')
      expect(request.json).to eq('tags' => [{ 'name' => 'hot' }, { 'name' => 'cold' }])
      expect(response).to be_a(ZCRMSDK::Response::BulkAPIResponse)
      expect(response.bulk_entity_response.map(&:status)).to eq(%w[success success])
      expect(response.data).to eq([hot, cold])
      expect(response.data.map(&:id)).to all(match(/\A\d{19}\z/))
      expect(hot).to have_attributes(name: 'hot', module_apiname: 'Leads')
      expect(hot.created_by.id).to eq(current_user_id)
    end

    it 'get_tags GETs settings/tags?module= and maps each tag with its module' do
      hot, cold = create_tags!('hot', 'cold')
      response = leads.get_tags

      expect(request_for(:get, '/settings/tags').query).to eq('module' => 'Leads')
      expect(response).to be_a(ZCRMSDK::Response::BulkAPIResponse)
      expect(response.status_code).to eq(200)
      expect(response.data).to all(be_a(tag_class))
      expect(response.data.map { |t| [t.id, t.name, t.module_apiname] })
        .to match_array([[hot.id, 'hot', 'Leads'], [cold.id, 'cold', 'Leads']])
      expect(response.data.first.created_by).to be_a(ZCRMSDK::Operations::ZCRMUser)
      expect(response.data.first.modified_by).to be_a(ZCRMSDK::Operations::ZCRMUser)
      expect(response.data.first.created_time).not_to be_nil
    end

    it 'get_tags answers an empty list for a module without tags' do
      expect(leads.get_tags.data).to eq([])
    end

    it 'update_tags PUTs settings/tags?module= {"tags":[{"id","name"}]}' do
      _, cold = create_tags!('hot', 'cold')
      cold.name = 'warm'
      response = leads.update_tags([cold])

      request = request_for(:put, '/settings/tags')
      expect(request.query).to eq('module' => 'Leads')
      expect(request.json).to eq('tags' => [{ 'id' => cold.id, 'name' => 'warm' }])
      expect(response.data).to eq([cold])
      expect(response.bulk_entity_response.map(&:status)).to eq(['success'])
      expect(leads.get_tags.data.map(&:name)).to match_array(%w[hot warm])
    end

    it 'reports a duplicate name as a per-tag error, without raising' do
      create_tags!('hot')
      response = leads.create_tags([tag_class.get_instance(nil, 'new'), tag_class.get_instance(nil, 'hot')])
      expect(response.bulk_entity_response.map(&:status)).to eq(%w[success error])
      expect(response.bulk_entity_response.last.code).to eq('DUPLICATE_DATA')
      expect(response.data.map(&:name)).to eq(['new'])
    end

    [
      [:create_tags, [], 'NO TAGS PROVIDED'],
      [:create_tags, Array.new(51) { |n| ZCRMSDK::Operations::ZCRMTag.new(nil, "t#{n}") }, 'MORE TAGS PROVIDED'],
      [:create_tags, [ZCRMSDK::Operations::ZCRMTag.new('1', 'has id')], 'TAG ID PROVIDED'],
      [:update_tags, [ZCRMSDK::Operations::ZCRMTag.new(nil, 'no id')], 'TAG ID NOT PROVIDED']
    ].each do |name, tags, code|
      it "#{name} refuses #{tags.size} tag(s) with #{code}" do
        expect(error_from { leads.public_send(name, tags) }).to have_attributes(status_code: 400, exception_code: code)
        expect(crm_requests).to be_empty
      end
    end
  end

  describe 'ZCRMModule#get_tag_count' do
    it 'GETs settings/tags/{id}/actions/records_count?module=; data is the ZCRMTag with its count' do
      hot, = create_tags!('hot')
      first, second, = create_leads!(3)
      leads.add_tags_to_multiple_records(['hot'], [first, second])
      emulator.clear_requests
      response = leads.get_tag_count(hot.id)

      expect(request_for(:get, "/settings/tags/#{hot.id}/actions/records_count").query).to eq('module' => 'Leads')
      expect(response).to be_a(ZCRMSDK::Response::APIResponse)
      expect(response.data).to be_a(tag_class)
      expect(response.data).to have_attributes(id: hot.id, module_apiname: 'Leads', count: '2')
    end

    it 'refuses a missing tag id' do
      expect(error_from { leads.get_tag_count(nil) }.exception_code).to eq('NO TAG ID PROVIDED')
    end
  end

  describe 'ZCRMRecord#add_tags / #remove_tags' do
    it 'add_tags POSTs {module}/{id}/actions/add_tags?tag_names=a,b; data is the record, tag_list grows' do
      lead = create_lead!('Ramirez')
      response = lead.add_tags(%w[hot vip])

      expect(request_for(:post, "/Leads/#{lead.entity_id}/actions/add_tags").query).to eq('tag_names' => 'hot,vip')
      expect(response).to be_a(ZCRMSDK::Response::APIResponse)
      expect(response).to have_attributes(status_code: 200, status: 'success')
      expect(response.data).to equal(lead)
      expect(lead.tag_list).to all(be_a(tag_class))
      expect(lead.tag_list.map(&:name)).to eq(%w[hot vip])
      expect(tag_names_of(lead.entity_id)).to eq(%w[hot vip])
      expect(leads.get_tags.data.map(&:name)).to match_array(%w[hot vip]) # Zoho creates unknown tags
    end

    it 'remove_tags POSTs {module}/{id}/actions/remove_tags?tag_names=; tag_list shrinks' do
      lead = create_lead!('Ramirez')
      lead.add_tags(%w[hot vip cold])
      emulator.clear_requests
      response = lead.remove_tags(%w[vip cold])

      expect(request_for(:post, "/Leads/#{lead.entity_id}/actions/remove_tags").query).to eq('tag_names' => 'vip,cold')
      expect(response.data).to equal(lead)
      expect(lead.tag_list.map(&:name)).to eq(%w[hot])
      expect(tag_names_of(lead.entity_id)).to eq(%w[hot])
    end

    it 'accepts ZCRMTags as well as names' do
      lead = create_lead!('Ramirez')
      lead.add_tags([tag_class.get_instance(nil, 'hot')])
      expect(request_for(:post, "/Leads/#{lead.entity_id}/actions/add_tags").query).to eq('tag_names' => 'hot')
    end

    it 'refuses more than 10 names, then a record without id (1.0.x checked in that order)' do
      lead = create_lead!('Ramirez')
      too_many = Array.new(11) { |n| "t#{n}" }
      expect(error_from { lead.add_tags(too_many) }.exception_code).to eq('MORE TAGS PROVIDED')
      expect(error_from { lead.remove_tags([]) }.exception_code).to eq('NO TAGS PROVIDED')
      no_id = ZCRMSDK::Operations::ZCRMRecord.get_instance('Leads')
      expect(error_from { no_id.add_tags(too_many) }.exception_code).to eq('MORE TAGS PROVIDED')
      expect(error_from { no_id.add_tags(%w[a]) }.exception_code).to eq('RECORD or RECORD ID NOT PROVIDED')
      expect(crm_requests).to be_empty
    end
  end

  describe 'ZCRMModule#add_tags_to_multiple_records / #remove_tags_from_multiple_records' do
    it 'add POSTs {module}/actions/add_tags?ids=&tag_names=; data are the records with their tag_list' do
      first, second = create_leads!(2)
      response = leads.add_tags_to_multiple_records(%w[hot warm], [first, second.entity_id])

      expect(request_for(:post, '/Leads/actions/add_tags').query)
        .to eq('ids' => "#{first.entity_id},#{second.entity_id}", 'tag_names' => 'hot,warm')
      expect(response).to be_a(ZCRMSDK::Response::BulkAPIResponse)
      expect(response.bulk_entity_response.map(&:status)).to eq(%w[success success])
      expect(response.data.map { |r| [r.class, r.entity_id, r.tag_list.map(&:name)] }).to eq(
        [[ZCRMSDK::Operations::ZCRMRecord, first.entity_id, %w[hot warm]],
         [ZCRMSDK::Operations::ZCRMRecord, second.entity_id, %w[hot warm]]]
      )
      expect(tag_names_of(second.entity_id)).to eq(%w[hot warm])
    end

    it 'remove POSTs {module}/actions/remove_tags?ids=&tag_names=' do
      first, second = create_leads!(2)
      leads.add_tags_to_multiple_records(%w[hot warm], [first, second])
      emulator.clear_requests
      response = leads.remove_tags_from_multiple_records(['warm'], [second])

      expect(request_for(:post, '/Leads/actions/remove_tags').query)
        .to eq('ids' => second.entity_id, 'tag_names' => 'warm')
      expect(response.data.map { |r| [r.entity_id, r.tag_list.map(&:name)] }).to eq([[second.entity_id, %w[hot]]])
      expect(tag_names_of(first.entity_id)).to eq(%w[hot warm])
      expect(tag_names_of(second.entity_id)).to eq(%w[hot])
    end

    [
      [[], ['1'], 'NO TAGS PROVIDED'],
      [Array.new(51) { |n| "t#{n}" }, ['1'], 'MORE TAGS PROVIDED'],
      [['hot'], [], 'NO RECORDS PROVIDED'],
      [['hot'], Array.new(101, &:to_s), 'MORE RECORDS PROVIDED']
    ].each do |tags, ids, code|
      it "refuses #{tags.size} tag(s) for #{ids.size} record(s) with #{code}" do
        expect(error_from { leads.add_tags_to_multiple_records(tags, ids) }.exception_code).to eq(code)
        expect(error_from { leads.remove_tags_from_multiple_records(tags, ids) }.exception_code).to eq(code)
        expect(crm_requests).to be_empty
      end
    end
  end

  describe 'ZCRMTag#update / #merge / #delete' do
    it 'update PUTs settings/tags/{id}?module= {"tags":[{"name"}]}; data is the tag' do
      hot, = create_tags!('hot')
      hot.name = 'scorching'
      response = hot.update

      request = request_for(:put, "/settings/tags/#{hot.id}")
      expect(request.query).to eq('module' => 'Leads')
      expect(request.json).to eq('tags' => [{ 'name' => 'scorching' }])
      expect(response).to be_a(ZCRMSDK::Response::APIResponse)
      expect(response).to have_attributes(status_code: 200, status: 'success')
      expect(response.data).to equal(hot)
      expect(leads.get_tags.data.map(&:name)).to eq(['scorching'])
    end

    # Zoho moves self's records to target and leaves self in place, empty, to be deleted
    # (observed by Zoho's 1.0.x suites, issue 12).
    it 'merge POSTs settings/tags/{target}/actions/merge {"tags":[{"conflict_id":self}]}: self\'s records move to target' do
      hot, warm = create_tags!('hot', 'warm')
      lead = create_lead!('Ramirez')
      lead.add_tags(['warm'])
      emulator.clear_requests
      response = warm.merge(hot)

      expect(request_for(:post, "/settings/tags/#{hot.id}/actions/merge").json)
        .to eq('tags' => [{ 'conflict_id' => warm.id }])
      expect(response).to be_a(ZCRMSDK::Response::APIResponse)
      expect(response.data).to be_a(tag_class)
      expect(response.data).to have_attributes(id: hot.id, name: 'hot')
      expect(tag_names_of(lead.entity_id)).to eq(['hot'])
      expect(leads.get_tags.data.map(&:name)).to contain_exactly('hot', 'warm')
      expect(warm.delete).to have_attributes(status: 'success', message: 'tags deleted successfully')
      expect(leads.get_tags.data.map(&:name)).to eq(['hot'])
    end

    it 'delete DELETEs settings/tags/{id}; the tag leaves the module and its records' do
      hot, warm = create_tags!('hot', 'warm')
      lead = create_lead!('Ramirez')
      lead.add_tags(%w[hot warm])
      emulator.clear_requests
      response = hot.delete

      expect(request_for(:delete, "/settings/tags/#{hot.id}")).not_to be_nil
      expect(response).to be_a(ZCRMSDK::Response::APIResponse)
      expect(response).to have_attributes(status_code: 200, status: 'success')
      expect(leads.get_tags.data.map(&:id)).to eq([warm.id])
      expect(tag_names_of(lead.entity_id)).to eq(['warm'])
    end

    it 'refuse a tag without id' do
      no_id = tag_class.get_instance(nil, 'x')
      expect(error_from { no_id.delete }.exception_code).to eq('TAG ID NOT PROVIDED')
      expect(error_from { no_id.update }.exception_code).to eq('TAG INSTANCE OR TAG ID NOT PROVIDED')
      expect(error_from { no_id.merge(tag_class.get_instance('1')) }.exception_code).to eq('TAG ID OR MERGE TAG ID NOT PROVIDED')
      expect(crm_requests).to be_empty
    end
  end
end
