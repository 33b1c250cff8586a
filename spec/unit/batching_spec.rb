# frozen_string_literal: true

require_relative 'support/zcrm_stubs_spec'

RSpec.describe 'writes of more than 100 records (*_in_batches)' do
  subject(:leads) { ZCRMSDK::Operations::ZCRMModule.get_instance('Leads') }

  def records(count, with_ids: false)
    Array.new(count) do |index|
      ZCRMSDK::Operations::ZCRMRecord.new('Leads', with_ids ? "id#{index}" : nil).tap { |r| r['Last_Name'] = "R#{index}" }
    end
  end

  # Zoho's answer to a bulk write: one entry per record sent, in order; records whose
  # Last_Name is in `failing` get a per-record error. 201 when all succeed, 207 otherwise.
  def write_answer(failing: [])
    lambda do |args|
      entries = args['records'].map do |json|
        next error_entry('MANDATORY_NOT_FOUND', message: 'required field not found') if failing.include?(json['Last_Name'])

        success_entry({ 'id' => json['id'] || "new-#{json['Last_Name']}", 'Created_Time' => '2019-07-25T15:26:49+05:30' })
      end
      raw({ 'data' => entries }, status: entries.any? { |e| e['status'] == 'error' } ? 207 : 201)
    end
  end

  def batch_sizes(operation, key = 'records')
    calls.select { |op, _| op == operation }.map { |_, args| args[key].size }
  end

  describe '#create_records_in_batches' do
    it 'sends 250 records as 100, 100 and 50, in input order, and merges the answers' do
      stub_api('records.create' => write_answer)
      input = records(250)
      response = leads.create_records_in_batches(input, lar_id: 'lar1')

      expect(batch_sizes('records.create')).to eq([100, 100, 50])
      expect(calls.flat_map { |_, args| args['records'].map { |r| r['Last_Name'] } }).to eq(input.map { |r| r['Last_Name'] })
      expect(calls.map { |_, args| args['lar_id'] }).to eq(%w[lar1] * 3)

      expect(response).to be_a(ZCRMSDK::Response::BulkAPIResponse)
      expect(response.status_code).to eq(201)
      expect(response.batch_responses.size).to eq(3)
      expect(response.bulk_entity_response.size).to eq(250)
      expect(response.bulk_entity_response.map { |er| er.details['id'] }).to eq(input.map { |r| "new-#{r['Last_Name']}" })
      expect(response.data).to eq(input)
      expect(input.map(&:entity_id)).to eq(input.map { |r| "new-#{r['Last_Name']}" })
      expect(response.bulk_entity_response.map(&:data)).to eq(input)
    end

    it 'keeps per-record errors in their input position and leaves them out of data' do
      stub_api('records.create' => write_answer(failing: %w[R5 R150 R249]))
      input = records(250)
      response = leads.create_records_in_batches(input)

      errors = response.bulk_entity_response.each_index.select { |i| response.bulk_entity_response[i].error? }
      expect(errors).to eq([5, 150, 249])
      expect(response.bulk_entity_response[150]).to have_attributes(code: 'MANDATORY_NOT_FOUND', data: nil)
      expect(response.data).to eq(input - [input[5], input[150], input[249]])
      expect(input[150].entity_id).to be_nil
      expect(response.status_code).to eq(207) # the batches answered 207, 207, 207
    end

    it 'answers 207 when the batches answered differently' do
      stub_api('records.create' => write_answer(failing: %w[R150]))
      expect(leads.create_records_in_batches(records(250)).status_code).to eq(207) # 201, 207, 201
    end

    it 'sends 100 records or fewer in one call, with the same shape of answer' do
      stub_api('records.create' => write_answer)
      response = leads.create_records_in_batches(records(3))
      expect(batch_sizes('records.create')).to eq([3])
      expect(response.data.size).to eq(3)
      expect(response.response_json['data'].size).to eq(3)
    end

    it 'validates the whole list before sending anything' do
      stub_api('records.create' => write_answer)
      input = records(150)
      input[120].entity_id = '42'
      expect { leads.create_records_in_batches(input) }.to raise_error(zcrm_exception_with_code('ID IS PROVIDED'))
      expect { leads.create_records_in_batches([]) }.to raise_error(zcrm_exception_with_code('NO RECORDS PROVIDED'))
      expect(calls).to be_empty
    end

    it 'leaves create_records raising for more than 100 records, as 1.0.x did' do
      expect { leads.create_records(records(101)) }.to raise_error(zcrm_exception_with_code('MORE RECORDS PROVIDED'))
    end

    context 'when a whole batch fails' do
      let(:error) do
        ZCRMSDK::RateLimitError.new('https://www.zohoapis.com/crm/v2/Leads', 429, 'too many requests', 'TOO_MANY_REQUESTS',
                                    retry_after: 30)
      end

      def fail_batch(number)
        batch = 0
        answer = write_answer
        stub_api('records.create' => lambda do |args|
          batch += 1
          raise error if batch == number

          answer.call(args)
        end)
      end

      it 'raises its exception, same class, telling which records failed and what was written before' do
        fail_batch(2)
        input = records(250)
        expect { leads.create_records_in_batches(input) }.to raise_error(ZCRMSDK::RateLimitError) do |raised|
          expect(raised).to be(error)
          expect(raised.retry_after).to eq(30)
          expect(raised).to be_a(ZCRMSDK::Operations::Batching::BatchFailure)
          expect(raised.failed_range).to eq(100..199)
          expect(raised.message).to include('too many requests', 'batch 2 of 3, records[100..199], failed',
                                            'records[0..99] were sent before it', 'records[200..249] were not sent')
          expect(raised.partial_response.data).to eq(input.first(100))
          expect(raised.partial_response.bulk_entity_response.size).to eq(100)
          expect(raised.partial_response.status_code).to eq(201)
        end
        expect(batch_sizes('records.create')).to eq([100, 100]) # the third batch was not sent
      end

      it 'says so when nothing was sent before the failed batch' do
        fail_batch(1)
        expect { leads.create_records_in_batches(records(250)) }.to raise_error do |raised|
          expect(raised.failed_range).to eq(0..99)
          expect(raised.message).to include('batch 1 of 3', 'nothing was sent before it')
          expect(raised.partial_response.bulk_entity_response).to eq([])
          expect(raised.partial_response.data).to eq([])
        end
      end

      it 'can be rescued as a BatchFailure' do
        fail_batch(3)
        rescued = begin
          leads.create_records_in_batches(records(250))
        rescue ZCRMSDK::Operations::Batching::BatchFailure => e
          e
        end
        expect(rescued.failed_range).to eq(200..249)
        expect(rescued.message).to include('records[200..249]', 'no records follow it')
        expect(rescued.partial_response.data.size).to eq(200)
      end
    end
  end

  it '#update_records_in_batches needs ids on every record, then sends batches with them' do
    stub_api('records.update' => write_answer)
    input = records(150, with_ids: true)
    response = leads.update_records_in_batches(input)
    expect(batch_sizes('records.update')).to eq([100, 50])
    expect(calls.first[1]['records'].first).to eq('Last_Name' => 'R0', 'id' => 'id0')
    expect(response.data).to eq(input)

    input[149].entity_id = nil
    expect { leads.update_records_in_batches(input) }.to raise_error(zcrm_exception_with_code('RECORD ID NOT PROVIDED'))
    expect(calls.size).to eq(2)
  end

  it '#upsert_records_in_batches passes duplicate_check_fields to every batch and keeps upsert actions' do
    answer = write_answer
    stub_api('records.upsert' => lambda do |args|
      response = answer.call(args)
      response.json['data'].each { |entry| entry['action'] = 'insert' }
      response
    end)
    response = leads.upsert_records_in_batches(records(101), duplicate_check_fields: %w[Email])
    expect(batch_sizes('records.upsert')).to eq([100, 1])
    expect(calls.map { |_, args| args['duplicate_check_fields'] }).to eq([%w[Email], %w[Email]])
    expect(response.bulk_entity_response.map(&:upsert_action).uniq).to eq(['insert'])
  end

  it '#delete_records_in_batches sends the ids 100 at a time; data = the deleted records' do
    stub_api('records.delete' => lambda do |args|
      raw({ 'data' => args['ids'].map { |id| id == '7' ? error_entry('INVALID_DATA') : success_entry({ 'id' => id }) } })
    end)
    response = leads.delete_records_in_batches((1..201).to_a)
    expect(batch_sizes('records.delete', 'ids')).to eq([100, 100, 1])
    expect(calls.last[1]).to eq('module' => 'Leads', 'ids' => ['201'])
    expect(response.bulk_entity_response.size).to eq(201)
    expect(response.bulk_entity_response[6]).to be_error
    expect(response.data.map(&:entity_id)).to eq((1..201).map(&:to_s) - ['7'])
  end

  it '#mass_update_records_in_batches sets one field on every record, 100 at a time' do
    stub_api('records.update' => write_answer)
    response = leads.mass_update_records_in_batches((1..150).to_a, 'Rating', 'Hot')
    expect(batch_sizes('records.update')).to eq([100, 50])
    expect(calls.last[1]['records'].last).to eq('id' => '150', 'Rating' => 'Hot')
    expect(response.data.map(&:entity_id)).to eq((1..150).map(&:to_s))
    expect { leads.mass_update_records_in_batches([1], 'Rating', nil) }.to raise_error(zcrm_exception_with_code('NO VALUE PROVIDED'))
  end

  describe 'progress:' do
    it 'is called after each batch with the records sent so far and the total' do
      stub_api('records.create' => write_answer(failing: %w[R150]))
      seen = []
      leads.create_records_in_batches(records(250), progress: ->(done, total) { seen << [done, total] })
      expect(seen).to eq([[100, 250], [200, 250], [250, 250]]) # a per-record error still counts as sent
    end

    it 'is taken by every *_in_batches method' do
      stub_api('records.update' => write_answer, 'records.upsert' => write_answer,
               'records.delete' => ->(args) { raw({ 'data' => args['ids'].map { |id| success_entry({ 'id' => id }) } }) })
      seen = Hash.new { |h, k| h[k] = [] }
      progress = ->(name) { ->(done, total) { seen[name] << [done, total] } }
      leads.update_records_in_batches(records(101, with_ids: true), progress: progress[:update])
      leads.upsert_records_in_batches(records(101), progress: progress[:upsert])
      leads.delete_records_in_batches((1..101).to_a, progress: progress[:delete])
      leads.mass_update_records_in_batches((1..101).to_a, 'Rating', 'Hot', progress: progress[:mass_update])
      expect(seen.values.uniq).to eq([[[100, 101], [101, 101]]])
      expect(seen.keys).to eq(%i[update upsert delete mass_update])
    end

    it 'is not called for a batch that failed as a whole' do
      batch = 0
      answer = write_answer
      stub_api('records.create' => lambda do |args|
        batch += 1
        raise ZCRMSDK::NetworkError.new('https://www.zohoapis.com/crm/v2/Leads', nil, 'reset', 'NETWORK_ERROR') if batch == 2

        answer.call(args)
      end)
      seen = []
      expect { leads.create_records_in_batches(records(250), progress: ->(done, _total) { seen << done }) }
        .to raise_error(ZCRMSDK::Operations::Batching::BatchFailure)
      expect(seen).to eq([100])
    end

    it 'stops the run with its own exception, untagged, when it raises' do
      stub_api('records.create' => write_answer)
      stop = Class.new(StandardError)
      expect { leads.create_records_in_batches(records(250), progress: ->(_done, _total) { raise stop }) }
        .to raise_error(stop) { |raised| expect(raised).not_to be_a(ZCRMSDK::Operations::Batching::BatchFailure) }
      expect(batch_sizes('records.create')).to eq([100])
    end

    it 'must respond to call' do
      expect { leads.create_records_in_batches(records(1), progress: 'yes') }
        .to raise_error(ArgumentError, /progress: must respond to call/)
    end
  end
end
