# frozen_string_literal: true

require_relative '../support/zcrm_stubs_spec'

RSpec.describe ZCRMSDK::Operations::ZCRMModule do
  subject(:leads) { described_class.get_instance('Leads') }

  let(:list_json) do
    { 'data' => [{ 'id' => '1', 'Last_Name' => 'A' }, { 'id' => '2', 'Last_Name' => 'B' }],
      'info' => { 'per_page' => 200, 'count' => 2, 'page' => 1, 'more_records' => false } }
  end

  def record(id = nil, last_name = 'X')
    ZCRMSDK::Operations::ZCRMRecord.new('Leads', id).tap { |r| r['Last_Name'] = last_name }
  end

  describe '#get_records' do
    it 'sends 1.0.x defaults and maps the records' do
      stub_api('records.list' => raw(list_json))
      response = leads.get_records
      expect(last_call).to eq(['records.list', { 'module' => 'Leads', 'page' => 1, 'per_page' => 200 }])
      expect(response).to be_a(ZCRMSDK::Response::BulkAPIResponse)
      expect(response.data.map(&:entity_id)).to eq(%w[1 2])
      expect(response.data.first).to have_attributes(module_api_name: 'Leads')
      expect(response.data.first['Last_Name']).to eq('A')
      expect(response.info.count).to eq(2)
    end

    it 'passes the positional arguments, headers included' do
      stub_api('records.list' => raw(list_json))
      leads.get_records(55, 'Last_Name', 'desc', 2, 10, { 'If-Modified-Since' => '2019-07-25T15:26:49+05:30' })
      expect(last_call[1]).to eq('module' => 'Leads', 'cvid' => '55', 'sort_by' => 'Last_Name', 'sort_order' => 'desc',
                                 'page' => 2, 'per_page' => 10,
                                 'headers' => { 'If-Modified-Since' => '2019-07-25T15:26:49+05:30' })
    end

    it 'treats a brace-less trailing header Hash as headers (Ruby 3 makes it keywords)' do
      stub_api('records.list' => raw(list_json))
      leads.get_records(nil, nil, nil, 1, 200, 'If-Modified-Since' => 'x')
      expect(last_call[1]['headers']).to eq('If-Modified-Since' => 'x')
    end

    it 'takes keyword options beyond 1.0.x' do
      stub_api('records.list' => raw(list_json))
      leads.get_records(fields: %w[Last_Name Email], converted: 'both', approved: false, page: 3, per_page: 50,
                        sort_by: 'Email', modified_since: Time.new(2019, 7, 25, 15, 26, 49, '+05:30'))
      expect(last_call[1]).to eq('module' => 'Leads', 'sort_by' => 'Email', 'page' => 3, 'per_page' => 50,
                                 'fields' => 'Last_Name,Email', 'converted' => 'both', 'approved' => 'false',
                                 'modified_since' => '2019-07-25T15:26:49+05:30')
    end

    it 'rejects unknown keywords' do
      expect { leads.get_records(bogus: 1) }.to raise_error(ArgumentError, /bogus/)
    end

    it 'gives [] on 304 Not Modified' do
      stub_api('records.list' => raw({}, status: 304))
      expect(leads.get_records(modified_since: '2030-01-01T00:00:00+00:00').data).to eq([])
    end
  end

  it '#get_record reads one record' do
    stub_api('records.get' => raw({ 'data' => [{ 'id' => '9', 'Last_Name' => 'Z' }] }))
    response = leads.get_record(9)
    expect(last_call).to eq(['records.get', { 'module' => 'Leads', 'record_id' => '9' }])
    expect(response).to be_a(ZCRMSDK::Response::APIResponse)
    expect(response.data).to have_attributes(entity_id: '9', module_api_name: 'Leads')
  end

  it '#get_record without an id raises 1.0.x ID IS NOT PROVIDED' do
    expect { leads.get_record(nil) }.to raise_error(zcrm_exception_with_code('ID IS NOT PROVIDED'))
  end

  describe 'deleted records' do
    it 'asks for each type and maps trash records' do
      stub_api('records.deleted' => raw({ 'data' => [{ 'id' => 'x', 'type' => 'recycle' }] }))
      expect(leads.get_recyclebin_records.data.first).to be_a(ZCRMSDK::Operations::ZCRMTrashRecord)
      expect(last_call[1]).to eq('module' => 'Leads', 'type' => 'recycle', 'page' => 1, 'per_page' => 200)
      leads.get_all_deleted_records(2, 5)
      expect(last_call[1]).to include('type' => 'all', 'page' => 2, 'per_page' => 5)
      leads.get_permanently_deleted_records
      expect(last_call[1]).to include('type' => 'permanent')
    end
  end

  describe '#create_records' do
    it 'sends mapped records and lar_id, fills the created ones' do
      details = { 'id' => '100', 'Created_Time' => 't', 'Created_By' => { 'id' => 'u', 'name' => 'U' } }
      stub_api('records.create' => raw({ 'data' => [success_entry(details), error_entry('MANDATORY_NOT_FOUND')] }, status: 201))
      first = record(nil, 'A')
      second = record(nil, 'B')
      response = leads.create_records([first, second], 'lar1')
      expect(last_call).to eq(['records.create', { 'module' => 'Leads', 'records' => [{ 'Last_Name' => 'A' }, { 'Last_Name' => 'B' }],
                                                   'lar_id' => 'lar1' }])
      expect(response.data).to eq([first])
      expect(first).to have_attributes(entity_id: '100', created_time: 't')
      expect(response.bulk_entity_response.first.data).to be(first)
      expect(response.bulk_entity_response.last.data).to be_nil
    end

    it 'validates like 1.0.x' do
      expect { leads.create_records([]) }.to raise_error(zcrm_exception_with_code('NO RECORDS PROVIDED'))
      expect { leads.create_records(nil) }.to raise_error(zcrm_exception_with_code('NO RECORDS PROVIDED'))
      expect { leads.create_records(Array.new(101) { record }) }.to raise_error(zcrm_exception_with_code('MORE RECORDS PROVIDED'))
      expect { leads.create_records([record('1')]) }.to raise_error(zcrm_exception_with_code('ID IS PROVIDED'))
    end

    # 1.0.x (and this gem until now) met these as a NoMethodError deep in the mapping.
    it 'refuses a list holding something other than records, naming the position, before sending' do
      stub_api
      [[nil], [record, {}], [record, 'Lead']].each do |list|
        %i[create_records upsert_records update_records create_records_in_batches].each do |method|
          expect { leads.public_send(method, list) }
            .to raise_error(ZCRMSDK::ValidationError) { |error|
              expect(error.exception_code).to eq('INVALID ARGUMENT')
              expect(error.message).to include("#{method} takes ZCRMRecord instances", "item #{list.size - 1}")
            }
        end
      end
      expect(calls).to be_empty
    end
  end

  it '#upsert_records sends ids, duplicate_check_fields and lar_id (NameError in 1.0.x)' do
    stub_api('records.upsert' => raw({ 'data' => [success_entry({ 'id' => '5' }).merge('action' => 'update')] }))
    response = leads.upsert_records([record('5', 'A')], %w[Email Phone], 'lar')
    expect(last_call[1]).to eq('module' => 'Leads', 'records' => [{ 'Last_Name' => 'A', 'id' => '5' }],
                               'lar_id' => 'lar', 'duplicate_check_fields' => %w[Email Phone])
    expect(response.bulk_entity_response.first.upsert_action).to eq('update')
  end

  it '#update_records requires ids' do
    stub_api('records.update' => raw({ 'data' => [success_entry({ 'id' => '5', 'Modified_Time' => 'm' })] }))
    expect { leads.update_records([record]) }.to raise_error(zcrm_exception_with_code('RECORD ID NOT PROVIDED'))
    response = leads.update_records([record(5, 'A')])
    expect(last_call[1]['records']).to eq([{ 'Last_Name' => 'A', 'id' => '5' }])
    expect(response.data.first.modified_time).to eq('m')
  end

  describe '#mass_update_records' do
    it 'updates one field on many records (1.0.x quirk: a plain update)' do
      stub_api('records.update' => raw({ 'data' => [success_entry({ 'id' => '1' }), success_entry({ 'id' => '2' })] }))
      response = leads.mass_update_records([1, '2'], 'City', 'Paris')
      expect(last_call[1]).to eq('module' => 'Leads', 'records' => [{ 'id' => '1', 'City' => 'Paris' }, { 'id' => '2', 'City' => 'Paris' }])
      expect(response.data.map(&:entity_id)).to eq(%w[1 2])
    end

    it 'validates the field and the value' do
      expect { leads.mass_update_records([1], nil, 'x') }.to raise_error(zcrm_exception_with_code('NO FIELD APINAME PROVIDED'))
      expect { leads.mass_update_records([1], 'City', nil) }.to raise_error(zcrm_exception_with_code('NO VALUE PROVIDED'))
    end
  end

  it '#delete_records sends the ids and sets each data to the record' do
    stub_api('records.delete' => raw({ 'data' => [success_entry({ 'id' => '1' }, message: 'record deleted')] }))
    response = leads.delete_records([1, record('2')])
    expect(last_call[1]).to eq('module' => 'Leads', 'ids' => %w[1 2])
    expect(response.bulk_entity_response.first.data).to have_attributes(entity_id: '1', module_api_name: 'Leads')
  end

  describe 'search' do
    before { stub_api('records.search' => raw(list_json)) }

    it 'sends exactly one search kind' do
      expect(leads.search_records('Boyle').data.size).to eq(2)
      expect(last_call[1]).to eq('module' => 'Leads', 'word' => 'Boyle', 'page' => 1, 'per_page' => 200)
      leads.search_records_by_phone('555', 2, 10)
      expect(last_call[1]).to eq('module' => 'Leads', 'phone' => '555', 'page' => 2, 'per_page' => 10)
      leads.search_records_by_email('a@b.c')
      expect(last_call[1]).to include('email' => 'a@b.c')
      leads.search_records_by_criteria('(Last_Name:equals:Boyle)')
      expect(last_call[1]).to include('criteria' => '(Last_Name:equals:Boyle)')
    end

    it 'requires a search word' do
      expect { leads.search_records(nil) }.to raise_error(zcrm_exception_with_code('SEARCH WORD NOT PROVIDED'))
    end
  end

  describe 'metadata' do
    it 'lists and gets fields' do
      stub_api('fields.list' => raw({ 'fields' => [{ 'api_name' => 'Email', 'pick_list_values' => [] }] }, api_key: 'fields'),
               'fields.get' => raw({ 'fields' => [{ 'api_name' => 'Email', 'id' => 'f1' }] }, api_key: 'fields'))
      expect(leads.get_all_fields.data.first.api_name).to eq('Email')
      expect(last_call).to eq(['fields.list', { 'module' => 'Leads' }])
      expect(leads.get_field(1).data.id).to eq('f1')
      expect(last_call).to eq(['fields.get', { 'field_id' => '1', 'module' => 'Leads' }])
      expect { leads.get_field(nil) }.to raise_error(zcrm_exception_with_code('FIELD ID IS NOT PROVIDED'))
    end

    it 'lists and gets layouts' do
      stub_api('layouts.list' => raw({ 'layouts' => [{ 'id' => 'l1' }] }, api_key: 'layouts'),
               'layouts.get' => raw({ 'layouts' => [{ 'id' => 'l1' }] }, api_key: 'layouts'))
      expect(leads.get_all_layouts.data.first.id).to eq('l1')
      expect(leads.get_layout('l1').data.id).to eq('l1')
      expect { leads.get_layout(nil) }.to raise_error(zcrm_exception_with_code('LAYOUT ID IS NOT PROVIDED'))
    end

    it 'lists custom views with categories from info.translation, and without info' do
      json = { 'custom_views' => [{ 'id' => 'cv1' }], 'info' => { 'translation' => { 'public_views' => 'Public' } } }
      stub_api('custom_views.list' => raw(json, api_key: 'custom_views'),
               'custom_views.get' => raw({ 'custom_views' => [{ 'id' => 'cv1' }] }, api_key: 'custom_views'))
      view = leads.get_all_customviews.data.first
      expect(view).to have_attributes(id: 'cv1', module_api_name: 'Leads')
      expect(view.categories.first.display_value).to eq('Public')
      expect(leads.get_customview('cv1').data.categories).to eq([])
      expect { leads.get_customview(nil) }.to raise_error(zcrm_exception_with_code('CUSTOM VIEW ID IS NOT PROVIDED'))
    end

    it 'updates a custom view' do
      stub_api('custom_views.update' => raw({ 'custom_views' => [success_entry] }, api_key: 'custom_views'))
      view = ZCRMSDK::Operations::ZCRMCustomView.new('cv1', 'Leads')
      view.sort_order = 'asc'
      expect(leads.update_customview(view)).to be_a(ZCRMSDK::Response::APIResponse)
      expect(last_call).to eq(['custom_views.update', { 'module' => 'Leads', 'custom_view_id' => 'cv1',
                                                        'custom_view' => { 'sort_order' => 'asc' } }])
      expect { leads.update_customview(nil) }.to raise_error(zcrm_exception_with_code('NO CUSTOM VIEW INSTANCE PROVIDED'))
    end

    it 'lists and gets related lists' do
      stub_api('related_lists.list' => raw({ 'related_lists' => [{ 'api_name' => 'Notes' }] }, api_key: 'related_lists'),
               'related_lists.get' => raw({ 'related_lists' => [{ 'api_name' => 'Notes', 'id' => 'r' }] }, api_key: 'related_lists'))
      expect(leads.get_all_relatedlists.data.first.api_name).to eq('Notes')
      expect(leads.get_relatedlist('r').data.id).to eq('r')
      expect(last_call[1]).to eq('related_list_id' => 'r', 'module' => 'Leads')
      expect { leads.get_relatedlist(nil) }.to raise_error(zcrm_exception_with_code('NO RELATED LIST ID PROVIDED'))
    end
  end

  describe 'tags' do
    it 'lists tags with their module' do
      stub_api('tags.list' => raw({ 'tags' => [{ 'id' => 't1', 'name' => 'hot' }] }, api_key: 'tags'))
      expect(leads.get_tags.data.first).to have_attributes(id: 't1', name: 'hot', module_apiname: 'Leads')
      expect(last_call).to eq(['tags.list', { 'module' => 'Leads' }])
    end

    it 'counts the records of a tag' do
      stub_api('tags.count' => raw({ 'count' => '3' }, api_key: 'tags'))
      expect(leads.get_tag_count(7).data).to have_attributes(id: '7', count: '3')
      expect(last_call).to eq(['tags.count', { 'module' => 'Leads', 'tag_id' => '7' }])
      expect { leads.get_tag_count(nil) }.to raise_error(zcrm_exception_with_code('NO TAG ID PROVIDED'))
    end

    it 'creates and updates tags' do
      stub_api('tags.create' => raw({ 'tags' => [success_entry({ 'id' => 't9', 'name' => 'new' })] }, api_key: 'tags'),
               'tags.update' => raw({ 'tags' => [success_entry({ 'id' => 't9', 'name' => 'renamed' })] }, api_key: 'tags'))
      tag = ZCRMSDK::Operations::ZCRMTag.new(nil, 'new')
      expect(leads.create_tags([tag]).data).to eq([tag])
      expect(last_call[1]).to eq('module' => 'Leads', 'tags' => [{ 'name' => 'new' }])
      expect(tag).to have_attributes(id: 't9', module_apiname: 'Leads')
      tag.name = 'renamed'
      leads.update_tags([tag])
      expect(last_call[1]).to eq('module' => 'Leads', 'tags' => [{ 'id' => 't9', 'name' => 'renamed' }])
      expect { leads.create_tags([tag]) }.to raise_error(zcrm_exception_with_code('TAG ID PROVIDED'))
      expect { leads.update_tags([ZCRMSDK::Operations::ZCRMTag.new]) }.to raise_error(zcrm_exception_with_code('TAG ID NOT PROVIDED'))
      expect { leads.create_tags(Array.new(51) { ZCRMSDK::Operations::ZCRMTag.new }) }
        .to raise_error(zcrm_exception_with_code('MORE TAGS PROVIDED'))
      expect { leads.create_tags([nil]) }.to raise_error(zcrm_exception_with_code('INVALID ARGUMENT'), /ZCRMTag/)
      expect { leads.update_tags(['hot']) }.to raise_error(zcrm_exception_with_code('INVALID ARGUMENT'), /ZCRMTag/)
    end

    it 'tags many records, names or ZCRMTags, ids or records' do
      answer = raw({ 'data' => [success_entry({ 'id' => '1', 'tags' => %w[hot cold] })] })
      stub_api('tags.add_to_records' => answer, 'tags.remove_from_records' => answer)
      response = leads.add_tags_to_multiple_records(['hot', ZCRMSDK::Operations::ZCRMTag.new(nil, 'cold')], [1, record('2')])
      expect(last_call).to eq(['tags.add_to_records', { 'module' => 'Leads', 'ids' => %w[1 2], 'tag_names' => %w[hot cold] }])
      expect(response.data.first.tag_list.map(&:name)).to eq(%w[hot cold])
      leads.remove_tags_from_multiple_records(['hot'], [1])
      expect(last_call[0]).to eq('tags.remove_from_records')
      expect { leads.add_tags_to_multiple_records([], [1]) }.to raise_error(zcrm_exception_with_code('NO TAGS PROVIDED'))
      expect { leads.add_tags_to_multiple_records(['a'], []) }.to raise_error(zcrm_exception_with_code('NO RECORDS PROVIDED'))
    end
  end

  it 'raises client-side errors as ZCRMSDK::ValidationError when errors.rb provides it' do
    skip 'lib/zcrmsdk/errors.rb is not loaded' unless defined?(ZCRMSDK::ValidationError)
    expect { leads.create_records([]) }.to raise_error(ZCRMSDK::ValidationError) { |e| expect(e.url).to eq('create_records') }
  end

  it 'passes the exception of the core through unchanged (e.g. 204 on an empty module)' do
    no_content = zcrm_error.get_instance('https://x/crm/v2/Leads', 204, 'No Content', 'No Content')
    allow(ZCRMSDK::Internal).to receive(:call).and_raise(no_content)
    expect { leads.get_records }.to raise_error(zcrm_exception_with_code('No Content', 204))
  end
end
