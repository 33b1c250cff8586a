# frozen_string_literal: true

require 'csv'
require 'socket'
require 'stringio'

# ZCRMModule#bulk_read: Zoho's Bulk Read (POST /crm/bulk/v2/read, poll the job, download the
# zip of <job_id>.csv), the CSV read in Rust and handed over as ZCRMRecords or written out.
RSpec.describe 'Bulk Read' do
  include_context 'with a signed-in CRM'

  let(:leads) { module_named('Leads') }
  let!(:created) do
    create_records!('Leads', [
                      { 'Last_Name' => 'Adams', 'Company' => 'Acme', 'Lead_Source' => 'Web', 'No_of_Employees' => 5 },
                      { 'Last_Name' => 'Baker', 'Company' => 'Initech, Inc.', 'Lead_Source' => 'Web',
                        'Description' => "two\nlines" },
                      { 'Last_Name' => 'Chen', 'Company' => 'Hooli', 'Lead_Source' => 'Advertisement' }
                    ])
  end
  let(:web) { { api_name: 'Lead_Source', comparator: 'equal', value: 'Web' } }
  let(:quick) { { poll_interval: 0, max_poll_interval: 0 } }

  before { emulator.bulk_read_settings(delay: 0) }

  def bulk_requests
    emulator.requests.filter_map do |entry|
      "#{entry['method']} #{entry['path'].delete_prefix('/crm/bulk/v2/')}" if entry['path'].start_with?('/crm/bulk/')
    end
  end

  def created_jobs
    emulator.requests.select { |e| e['method'] == 'POST' && e['path'] == '/crm/bulk/v2/read' }
                     .map { |e| JSON.parse(e['body'])['query'] }
  end

  it 'returns a lazy Enumerator of ZCRMRecords shaped like each_record, sending nothing until it is used' do
    records = leads.bulk_read(fields: %w[Last_Name Company Description Owner Created_Time], criteria: web, **quick)
    expect(records).to be_a(Enumerator)
    expect(bulk_requests).to be_empty

    found = records.to_a
    expect(found).to all(be_a(ZCRMSDK::Operations::ZCRMRecord))
    expect(found.map(&:entity_id)).to eq(created.first(2).map(&:entity_id))
    expect(found.map { |r| r.field_data['Company'] }).to eq(['Acme', 'Initech, Inc.'])
    expect(found.last.field_data['Description']).to eq("two\nlines")
    expect(found.first.field_data).not_to have_key('Description') # an empty cell is left out
    expect(found.first.owner).to be_a(ZCRMSDK::Operations::ZCRMUser)
    expect(found.first.created_time).to match(/\A\d{4}-\d\d-\d\dT/)
    job_id = emulator.requests.last['path'][%r{read/(\d+)/result}, 1]
    expect(bulk_requests).to eq(['POST read', "GET read/#{job_id}", "GET read/#{job_id}/result"])
    expect(created_jobs).to eq([{ 'module' => 'Leads', 'fields' => %w[Last_Name Company Description Owner Created_Time],
                                  'criteria' => { 'api_name' => 'Lead_Source', 'comparator' => 'equal', 'value' => 'Web' },
                                  'page' => 1 }])
  end

  it 'yields to a block and returns the BulkRead with its jobs and count' do
    names = []
    run = leads.bulk_read(fields: ['Last_Name'], criteria: web, **quick) { |lead| names << lead.field_data['Last_Name'] }

    expect(names).to eq(%w[Adams Baker])
    expect(run).to be_a(ZCRMSDK::BulkRead)
    expect([run.count, run.job_ids.size]).to eq([2, 1])
  end

  it 'continues with the next page while Zoho reports more_records' do
    emulator.bulk_read_settings(delay: 0, per_page: 2)
    criteria = { group_operator: 'or', group: [web, { api_name: 'Lead_Source', comparator: 'equal', value: 'Advertisement' }] }

    names = leads.bulk_read(fields: ['Last_Name'], criteria: criteria, **quick).map { |r| r.field_data['Last_Name'] }

    expect(names).to eq(%w[Adams Baker Chen])
    expect(created_jobs.map { |q| q['page'] }).to eq([1, 2])
  end

  it 'writes one CSV, header once, to a path or an IO' do
    emulator.bulk_read_settings(delay: 0, per_page: 2)
    path = File.join(scratch, 'leads.csv')
    criteria = { api_name: 'Last_Name', comparator: 'in', value: %w[Adams Baker Chen] }

    run = leads.bulk_read(fields: %w[Last_Name Company], criteria: criteria, to: path, **quick)
    io = StringIO.new
    leads.bulk_read(fields: %w[Last_Name Company], criteria: criteria, to: io, **quick)

    rows = CSV.parse(File.read(path))
    expect(rows.first).to eq(%w[Id Last_Name Company])
    expect(rows.drop(1)).to eq(created.map { |r| [r.entity_id, r.field_data['Last_Name'], r.field_data['Company']] })
    expect(run.count).to eq(3)
    expect(io.string).to eq(File.read(path))
    expect(Dir.glob("#{path}*")).to eq([path])
  end

  it 'polls the job with the emulator clock until it completes, without the spec sleeping' do
    emulator.freeze_clock
    emulator.bulk_read_settings(delay: 60)
    reader = Thread.new { leads.bulk_read(fields: ['Last_Name'], criteria: web, poll_interval: 0.01, max_poll_interval: 0.01).to_a }

    Thread.pass until bulk_requests.count { |r| r.match?(%r{\AGET read/\d+\z}) } >= 3
    expect(reader).to be_alive
    emulator.advance_clock(60)

    expect(reader.value.size).to eq(2)
    expect(bulk_requests.last).to match(%r{GET read/\d+/result})
  end

  it 'raises ServerError (BULK_READ_FAILED) when Zoho reports the job FAILED, downloading nothing' do
    emulator.bulk_read_settings(delay: 0, fail: true)

    error = error_from { leads.bulk_read(**quick).to_a }
    expect(error).to be_a(ZCRMSDK::ServerError)
    expect(error.exception_code).to eq('BULK_READ_FAILED')
    expect(error.message).to include('failed')
    expect(bulk_requests.grep(/result/)).to be_empty
  end

  it 'raises TimeoutError when a job is not done within max_wait' do
    emulator.freeze_clock
    emulator.bulk_read_settings(delay: 60)

    error = error_from { leads.bulk_read(poll_interval: 0, max_poll_interval: 0, max_wait: 0).to_a }
    expect(error).to be_a(ZCRMSDK::TimeoutError)
    expect(error.message).to include('still', 'max_wait')
  end

  it 'POSTs the job details to the callback URL when the job completes' do
    server = TCPServer.new('127.0.0.1', 0)
    received = Thread.new do
      socket = server.accept
      head = socket.gets("\r\n\r\n")
      body = socket.read(head[/content-length: (\d+)/i, 1].to_i)
      socket.write("HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n")
      socket.close
      JSON.parse(body)
    end
    url = "http://127.0.0.1:#{server.addr[1]}/zoho/bulk_read"

    leads.bulk_read(fields: ['Last_Name'], criteria: web, callback_url: url, **quick).to_a

    expect(received.join(30)).to be_truthy, 'no callback came'
    payload = received.value
    expect(payload).to include('state' => 'COMPLETED', 'operation' => 'read')
    expect(payload['result']).to include('count' => 2, 'more_records' => false, 'page' => 1)
    expect(payload['job_id']).to eq(payload['id'])
  ensure
    server&.close
  end

  it "starts a job for Zoho's callback, then reads it by the callback's job_id, later pages by its own query" do
    emulator.bulk_read_settings(delay: 0, per_page: 2)
    both = { group_operator: 'or', group: [web, { api_name: 'Lead_Source', comparator: 'equal', value: 'Advertisement' }] }
    job_id = ZCRMSDK::BulkRead.new('Leads', fields: ['Last_Name'], criteria: both,
                                            callback_url: 'http://127.0.0.1:9/zoho').start
    expect(bulk_requests).to eq(['POST read'])

    run = ZCRMSDK::BulkRead.new('Leads', job_id: job_id, **quick)
    expect(run.map { |r| r.field_data['Last_Name'] }).to eq(%w[Adams Baker Chen])
    expect(run.job_ids.first).to eq(job_id)
    expect(created_jobs.map { |q| [q['page'], q['fields'], q['criteria']&.fetch('group_operator')] })
      .to eq([[1, ['Last_Name'], 'or'], [2, ['Last_Name'], 'or']])
  end

  it 'refuses bad criteria before sending anything, naming what is wrong' do
    error = error_from { leads.bulk_read(criteria: { api_name: 'Last_Name', comparator: 'like', value: 'A' }).first }

    expect(error).to be_a(ZCRMSDK::ValidationError)
    expect(error.exception_code).to eq('INVALID CRITERIA')
    expect(error.message).to include('criteria.comparator must be one of equal')
    expect(bulk_requests).to be_empty
    expect { leads.bulk_read(to: 'x.csv') { |_| nil } }.to raise_error(ArgumentError, /a block .* or to:/)
    expect { leads.bulk_read(page: 0) }.to raise_error(ArgumentError, /page must be a positive Integer, not 0/)
    expect { leads.bulk_read(to: 42).to_a }.to raise_error(ZCRMSDK::ValidationError, /to: must be a file path or an IO/)
    expect(bulk_requests).to be_empty
  end

  it "passes Zoho's refusal of an unknown field on" do
    error = error_from { leads.bulk_read(fields: ['Nope'], **quick).first }

    expect(error).to be_a(ZCRMSDK::InvalidRequestError)
    expect(error.exception_code).to eq('INVALID_DATA')
  end

  it 'works through a ZCRMSDK::Client' do
    eu = ZCRMSDK::Client.new(**emulator.config.transform_keys(&:to_sym), persistence: 'memory')
    eu.generate_access_token(emulator.grant_token)

    names = eu.bulk_read('Leads', fields: ['Last_Name'], criteria: web, **quick).map { |r| r.field_data['Last_Name'] }
    expect(names).to eq(%w[Adams Baker])
  end
end
