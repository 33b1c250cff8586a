# frozen_string_literal: true

# Beyond 1.0.x: lazy enumeration of every page (each_record & co), writes of any number of
# records in batches of 100 (*_in_batches), and the keyword options of get_records
# (fields:, sort_by:, modified_since: → If-Modified-Since / 304).
RSpec.describe 'CRM pagination and batching' do
  include_context 'with a signed-in CRM'

  let(:leads) { module_named('Leads') }

  def pages_fetched(path = '/Leads')
    requests_for(:get, path).map { |r| r.query['page'].to_i }
  end

  describe 'ZCRMModule#each_record' do
    it 'is lazy: .lazy.first(n) with prefetch: false fetches only the pages holding those n records' do
      create_leads!(9)
      first_five = leads.each_record(per_page: 2, prefetch: false).lazy.map { |r| r['Last_Name'] }.first(5)

      expect(first_five).to eq(['Lead 001', 'Lead 002', 'Lead 003', 'Lead 004', 'Lead 005'])
      expect(pages_fetched).to eq([1, 2, 3])
      expect(requests_for(:get, '/Leads').map(&:query)).to all(include('per_page' => '2'))
    end

    it 'fetches nothing until the enumeration is used, and one page for .first(2) of a 200-record page' do
      create_leads!(3)
      enum = leads.each_record(prefetch: false)
      expect(enum).to be_a(Enumerator)
      expect(crm_requests).to be_empty
      expect(enum.first(2).map { |r| r['Last_Name'] }).to eq(['Lead 001', 'Lead 002'])
      expect(requests_for(:get, '/Leads').map(&:query)).to eq([{ 'page' => '1', 'per_page' => '200' }])
    end

    it 'walks every page until more_records is false (250 records: 2 pages of 200)' do
      create_leads!(250)
      ids = leads.each_record(prefetch: false).map(&:entity_id)

      expect(ids.size).to eq(250)
      expect(ids.uniq.size).to eq(250)
      expect(pages_fetched).to eq([1, 2])
    end

    it 'with prefetch: false, fetches page 2 only when the caller gets there' do
      create_leads!(6)
      during_first_page = nil
      leads.each_record(per_page: 2, prefetch: false).each_with_index do |_record, index|
        if index.zero?
          sleep 0.5 # time enough for a background fetch, were there one
          during_first_page = pages_fetched
        end
        break if index == 2
      end

      expect(during_first_page).to eq([1])
      expect(pages_fetched).to eq([1, 2])
    end

    it 'by default, fetches the next page while the caller works on this one, and never more than one ahead' do
      create_leads!(7)
      during_first_page = nil
      names = []
      leads.each_record(per_page: 2).each_with_index do |record, index|
        names << record['Last_Name']
        if index.zero?
          deadline = Time.now + 5
          sleep 0.05 until pages_fetched.include?(2) || Time.now > deadline
          sleep 0.3
          during_first_page = pages_fetched
        end
        break if index == 2
      end

      expect(names).to eq(['Lead 001', 'Lead 002', 'Lead 003'])
      expect(during_first_page).to eq([1, 2])
      expect(pages_fetched.first(2)).to eq([1, 2])
      expect(pages_fetched.size).to be <= 3
    end

    it 'with a block, yields every record and returns the module' do
      create_leads!(3)
      seen = []
      expect(leads.each_record(per_page: 2) { |r| seen << r['Last_Name'] }).to equal(leads)
      expect(seen).to eq(['Lead 001', 'Lead 002', 'Lead 003'])
    end

    it 'is an empty enumeration on an empty module (Zoho\'s 204 ends the list, nothing is raised)' do
      expect(leads.each_record.to_a).to eq([])
      expect(leads.each_record.lazy.first(3)).to eq([])
      expect(requests_for(:get, '/Leads').size).to eq(2)
    end

    it 'passes fields:, sort_by:, sort_order: and converted: on to every page' do
      create_leads!(3)
      records = leads.each_record(fields: %w[Last_Name], sort_by: 'Last_Name', sort_order: 'desc', converted: false,
                                  per_page: 2, prefetch: false).to_a

      expect(records.map(&:field_data)).to eq([{ 'Last_Name' => 'Lead 003' }, { 'Last_Name' => 'Lead 002' },
                                               { 'Last_Name' => 'Lead 001' }])
      expect(requests_for(:get, '/Leads').map(&:query)).to eq(
        [1, 2].map do |page|
          { 'fields' => 'Last_Name', 'sort_by' => 'Last_Name', 'sort_order' => 'desc', 'converted' => 'false',
            'page' => page.to_s, 'per_page' => '2' }
        end
      )
    end

    it 'passes cvid: on (the records of one custom view)' do
      recent = leads.get_all_customviews.data.find { |v| v.system_name == 'RECENTLYCREATED' }
      create_leads!(2)
      leads.each_record(cvid: recent.id, prefetch: false).to_a
      expect(request_for(:get, '/Leads').query).to include('cvid' => recent.id)
    end

    it 'refuses unknown keywords, as a Ruby method does' do
      expect { leads.each_record(pages: 2) }.to raise_error(ArgumentError, /pages/)
      expect { leads.each_record(page: 2) }.to raise_error(ArgumentError, /page/)
    end

    it 'each_deleted_record walks the recycle bin the same way' do
      records = create_leads!(5)
      leads.delete_records(records.map(&:entity_id))
      emulator.clear_requests
      deleted = leads.each_deleted_record(type: :recycle, per_page: 2, prefetch: false).map(&:id)

      expect(deleted).to match_array(records.map(&:entity_id))
      expect(requests_for(:get, '/Leads/deleted').map(&:query)).to eq(
        %w[1 2 3].map { |page| { 'page' => page, 'per_page' => '2', 'type' => 'recycle' } }
      )
      expect { leads.each_deleted_record(type: 'bin') }.to raise_error(ArgumentError, /all, recycle, permanent/)
    end
  end

  describe 'modified_since: (If-Modified-Since)' do
    it 'answers 304 with data [] and does not raise when nothing changed since then' do
      create_leads!(2)
      response = leads.get_records(modified_since: Time.now + 3600)

      expect(response).to be_a(ZCRMSDK::Response::BulkAPIResponse)
      expect(response.status_code).to eq(304)
      expect(response.data).to eq([])
      expect(leads.each_record(modified_since: Time.now + 3600).to_a).to eq([])
    end

    it 'lists only the records changed since then' do
      old_one, changed = create_leads!(2)
      sleep 1.1 # the emulator's clock has one-second resolution, as Zoho's times do
      since = Time.now
      sleep 1.1
      changed['City'] = 'Lyon'
      changed.update
      emulator.clear_requests

      expect(leads.get_records(modified_since: since).data.map(&:entity_id)).to eq([changed.entity_id])
      expect(leads.get_records(modified_since: since.strftime('%Y-%m-%dT%H:%M:%S%:z')).data.map(&:entity_id))
        .to eq([changed.entity_id])
      expect(leads.get_records.data.map(&:entity_id)).to match_array([old_one.entity_id, changed.entity_id])
    end

    it 'refuses a value that is not ISO-8601 before sending anything' do
      expect(error_from { leads.get_records(modified_since: 'yesterday') }.exception_code).to eq('INVALID ARGUMENT')
      expect(crm_requests).to be_empty
    end
  end

  describe 'ZCRMModule#create_records_in_batches' do
    let(:records) do
      Array.new(250) { |n| new_lead(format('Batch %03d', n), Email: format('batch%03d@leads.example', n)) }
    end

    it 'sends 250 records as 3 POSTs of 100, 100 and 50, in input order; results follow the input' do
      response = leads.create_records_in_batches(records)

      posts = requests_for(:post, '/Leads')
      expect(posts.size).to eq(3)
      expect(posts.map { |p| p.json['data'].size }).to eq([100, 100, 50])
      expect(posts.flat_map { |p| p.json['data'].map { |row| row['Last_Name'] } }).to eq(records.map { |r| r['Last_Name'] })
      expect(response).to be_a(ZCRMSDK::Response::BulkAPIResponse)
      expect(response.status_code).to eq(201)
      expect(response.batch_responses.size).to eq(3)
      expect(response.bulk_entity_response.size).to eq(250)
      expect(response.bulk_entity_response.map(&:status).uniq).to eq(['success'])
      expect(response.data).to eq(records)
      expect(records.map(&:entity_id)).to all(match(/\A\d{19}\z/))
      expect(response.bulk_entity_response.map { |r| r.details['id'] }).to eq(records.map(&:entity_id))
      expect(leads.each_record(prefetch: false).count).to eq(250)
    end

    it 'keeps per-record errors at their input position, without raising (207)' do
      records[150].field_data.delete('Last_Name')
      response = leads.create_records_in_batches(records)

      expect(response.status_code).to eq(207)
      expect(response.bulk_entity_response.size).to eq(250)
      failed = response.bulk_entity_response.each_index.reject { |i| response.bulk_entity_response[i].success? }
      expect(failed).to eq([150])
      expect(response.bulk_entity_response[150]).to have_attributes(status: 'error', code: 'MANDATORY_NOT_FOUND')
      expect(response.data.size).to eq(249)
      expect(records[150].entity_id).to be_nil
      expect(records[151].entity_id).not_to be_nil
    end

    it 'validates the whole list before the first batch' do
      records[200] = ZCRMSDK::Operations::ZCRMRecord.get_instance('Leads', '1')
      expect(error_from { leads.create_records_in_batches(records) }.exception_code).to eq('ID IS PROVIDED')
      expect(error_from { leads.create_records_in_batches([]) }.exception_code).to eq('NO RECORDS PROVIDED')
      expect(crm_requests).to be_empty
    end

    it 'create_records itself still refuses more than 100, as 1.0.x did' do
      expect(error_from { leads.create_records(records) }.exception_code).to eq('MORE RECORDS PROVIDED')
      expect(crm_requests).to be_empty
    end

    it 'raises a batch that fails as a whole with its own class, tagged with what was sent' do
      emulator.inject_fault(path_prefix: '/crm/v2/Leads', kind: :status, status: 500, times: 1)
      error = error_from { leads.create_records_in_batches(records) }

      expect(error).to be_a(ZCRMSDK::ServerError)
      expect(error).to be_a(ZCRMSDK::Operations::Batching::BatchFailure)
      expect(error.failed_range).to eq(0..99)
      expect(error.partial_response.bulk_entity_response).to eq([])
      expect(error.message).to include('batch 1 of 3', 'records[100..249] were not sent')
      expect(requests_for(:post, '/Leads').size).to be <= 1
    end
  end

  describe 'the other *_in_batches writes' do
    let!(:records) { create_leads!(250, prefix: 'Many') }

    it 'update_records_in_batches: 3 PUTs, results in input order' do
      records.each_with_index { |r, n| r['City'] = "City #{n}" }
      response = leads.update_records_in_batches(records)

      puts_ = requests_for(:put, '/Leads')
      expect(puts_.map { |p| p.json['data'].size }).to eq([100, 100, 50])
      expect(puts_.flat_map { |p| p.json['data'].map { |row| row['id'] } }).to eq(records.map(&:entity_id))
      expect(response.bulk_entity_response.map { |r| r.details['id'] }).to eq(records.map(&:entity_id))
      expect(response.data).to eq(records)
      expect(leads.get_record(records[249].entity_id).data['City']).to eq('City 249')
    end

    it 'mass_update_records_in_batches: 3 PUTs of {id, field: value}' do
      response = leads.mass_update_records_in_batches(records.map(&:entity_id), 'Lead_Status', 'Contacted')

      puts_ = requests_for(:put, '/Leads')
      expect(puts_.map { |p| p.json['data'].size }).to eq([100, 100, 50])
      expect(puts_.flat_map { |p| p.json['data'] }.map { |row| row.keys.sort }.uniq).to eq([%w[Lead_Status id]])
      expect(response.data.map(&:entity_id)).to eq(records.map(&:entity_id))
      expect(leads.each_record(prefetch: false).map { |r| r['Lead_Status'] }.uniq).to eq(['Contacted'])
    end

    it 'upsert_records_in_batches: 3 POSTs to upsert with duplicate_check_fields, update or insert per record' do
      rows = records.first(240).map { |r| new_lead("#{r['Last_Name']} v2", Email: r['Email']) } +
             Array.new(10) { |n| new_lead("Fresh #{n}", Email: "fresh#{n}@leads.example") }
      response = leads.upsert_records_in_batches(rows, duplicate_check_fields: ['Email'])

      posts = requests_for(:post, '/Leads/upsert')
      expect(posts.map { |p| p.json['data'].size }).to eq([100, 100, 50])
      expect(posts.map(&:query)).to all(eq('duplicate_check_fields' => 'Email'))
      expect(response.bulk_entity_response.map(&:upsert_action)).to eq(['update'] * 240 + ['insert'] * 10)
      expect(rows.first(240).map(&:entity_id)).to eq(records.first(240).map(&:entity_id))
      expect(leads.each_record(prefetch: false).count).to eq(260)
    end

    it 'delete_records_in_batches: 3 DELETEs of up to 100 ids; data are the deleted records' do
      response = leads.delete_records_in_batches(records.map(&:entity_id))

      deletes = requests_for(:delete, '/Leads')
      expect(deletes.map { |d| d.query['ids'].split(',').size }).to eq([100, 100, 50])
      expect(deletes.flat_map { |d| d.query['ids'].split(',') }).to eq(records.map(&:entity_id))
      expect(response.data.map(&:entity_id)).to eq(records.map(&:entity_id))
      expect(leads.each_record.to_a).to eq([])
      expect(leads.each_deleted_record(type: 'recycle').count).to eq(250)
    end
  end
end
