# frozen_string_literal: true

require 'socket'

# Bulk Write (issue 11): rows of any number streamed into zipped CSV files of at most 25,000
# rows, uploaded to the content host, imported by jobs, and read back as per-row outcomes.
RSpec.describe 'Bulk Write' do
  include_context 'with a signed-in CRM'

  let(:leads) { module_named('Leads') }

  def uploads
    emulator.requests.select { |r| r['method'] == 'POST' && r['path'] == '/crm/v2/upload' }
  end

  def jobs_created
    emulator.requests.select { |r| r['method'] == 'POST' && r['path'] == '/crm/bulk/v2/write' }.map { |r| JSON.parse(r['body']) }
  end

  def lead(id)
    leads.get_record(id).data
  end

  it 'inserts Hashes and ZCRMRecords, and says for each row whether it was added or why it was skipped' do
    rows = [
      { 'Last_Name' => 'Lovelace', 'Company' => 'Analytical Engines', 'No_of_Employees' => 12 },
      new_lead('Hopper', 'Company' => 'US Navy'),
      { 'Company' => 'Nameless Ltd' },
      { 'Last_Name' => 'Turing', 'No_of_Employees' => 'many' }
    ]

    result = leads.bulk_write(rows, fields: %w[Last_Name Company No_of_Employees])

    expect([result.added_count, result.updated_count, result.skipped_count, result.row_count]).to eq([2, 0, 2, 4])
    outcomes = result.to_a
    expect(outcomes.map(&:index)).to eq([0, 1, 2, 3])
    expect(outcomes.map(&:status)).to eq(%i[added added skipped skipped])
    expect(lead(outcomes[0].record_id).field_data).to include('Last_Name' => 'Lovelace', 'No_of_Employees' => 12)
    expect(lead(outcomes[1].record_id).field_data).to include('Last_Name' => 'Hopper', 'Company' => 'US Navy')
    expect(outcomes[2].errors.map(&:to_s)).to eq(['MANDATORY_NOT_FOUND-Last_Name'])
    expect(outcomes[3].errors.map(&:to_s)).to eq(['INVALID_DATA-No_of_Employees'])
    expect(outcomes[2..].map(&:record_id)).to eq([nil, nil])
  end

  it "uploads to the content host with Zoho's feature and X-CRM-ORG headers, and maps columns by position" do
    leads.bulk_write([{ 'Last_Name' => 'Lovelace', 'Email' => 'ada@example.com' }])

    expect(uploads.size).to eq(1)
    expect(uploads.first['headers']).to include('feature' => 'bulk-write', 'x-crm-org' => '700000100')
    file_id = jobs_created.first.dig('resource', 0, 'file_id')
    expect(jobs_created).to eq([{ 'operation' => 'insert',
                                  'resource' => [{ 'type' => 'data', 'module' => 'Leads', 'file_id' => file_id,
                                                   'field_mappings' => [{ 'api_name' => 'Last_Name', 'index' => 0 },
                                                                        { 'api_name' => 'Email', 'index' => 1 }] }] }])
    expect(file_id).to match(/\A\d+\z/)
  end

  it 'streams the rows: each full file is uploaded and becomes a job before the next rows are read' do
    uploads_seen_at_row = {}
    rows = Enumerator.new do |out|
      7.times do |n|
        uploads_seen_at_row[n] = uploads.size
        out << { 'Last_Name' => "Lead #{n}" }
      end
    end

    result = ZCRMSDK::BulkWrite.new('Leads', rows_per_file: 3).run(rows)

    expect(uploads_seen_at_row).to eq(0 => 0, 1 => 0, 2 => 0, 3 => 1, 4 => 1, 5 => 1, 6 => 2)
    expect(result.jobs.map(&:row_count)).to eq([3, 3, 1])
    expect(result.jobs.map(&:first_index)).to eq([0, 3, 6])
    expect(result.map(&:index)).to eq((0..6).to_a)
    expect(result.map { |o| lead(o.record_id).field_data['Last_Name'] }).to eq((0..6).map { |n| "Lead #{n}" })
  end

  it 'updates by id (the default find_by), and reports rows whose record does not exist' do
    ada, grace = create_records!('Leads', [{ 'Last_Name' => 'Lovelace' }, { 'Last_Name' => 'Hopper' }])
    rows = [{ 'id' => ada.entity_id, 'Company' => 'Engines' }, { 'id' => '999', 'Company' => 'Nowhere' },
            { 'id' => grace.entity_id, 'Company' => 'Navy' }]

    result = leads.bulk_write(rows, operation: :update)

    expect(result.map(&:status)).to eq(%i[updated skipped updated])
    expect(result.to_a[1].errors.map(&:to_s)).to eq(['RESOURCE_NOT_FOUND-id'])
    expect(result.map(&:record_id)).to eq([ada.entity_id, nil, grace.entity_id])
    expect(lead(ada.entity_id).field_data).to include('Last_Name' => 'Lovelace', 'Company' => 'Engines')
    expect(jobs_created.first['resource'].first['find_by']).to eq('id')
  end

  it 'upserts by a unique field: matching rows update, the others insert' do
    existing = create_lead!('Lovelace', 'Email' => 'ada@example.com')
    rows = [{ 'Last_Name' => 'Lovelace', 'Email' => 'ada@example.com', 'Company' => 'Engines' },
            { 'Last_Name' => 'Hopper', 'Email' => 'grace@example.com', 'Company' => 'Navy' }]

    result = leads.bulk_write(rows, operation: :upsert, find_by: 'Email')

    expect(result.map(&:status)).to eq(%i[updated added])
    expect(result.first.record_id).to eq(existing.entity_id)
    expect([result.added_count, result.updated_count]).to eq([1, 1])
  end

  it 'keeps fields an empty cell would clear when ignore_empty: true' do
    ada = create_lead!('Lovelace', 'Company' => 'Engines')

    leads.bulk_write([{ 'id' => ada.entity_id, 'Company' => nil, 'Designation' => 'Countess' }], operation: :update,
                                                                                                   ignore_empty: true)
    expect(lead(ada.entity_id).field_data).to include('Company' => 'Engines', 'Designation' => 'Countess')

    leads.bulk_write([{ 'id' => ada.entity_id, 'Company' => nil }], operation: :update)
    expect(lead(ada.entity_id).field_data['Company']).to be_nil
  end

  it "stays IN PROGRESS until the job's time is up on the emulator's clock, and only then writes the records" do
    emulator.bulk_write_delay = 60
    emulator.freeze_clock
    job, = ZCRMSDK::BulkWrite.new('Leads').submit([{ 'Last_Name' => 'Lovelace' }])

    expect(job.refresh.status).to eq('IN PROGRESS')
    expect { leads.get_records }.to raise_error(ZCRMSDK::NoContentError)
    expect { job.each_outcome.to_a }.to raise_error(ZCRMSDK::BulkWrite::NotCompletedError, /IN PROGRESS.*refresh/)

    emulator.advance_clock(59)
    expect(job.refresh).not_to be_completed
    emulator.advance_clock(1)
    expect(job.refresh).to be_completed
    expect(job.added_count).to eq(1)
    expect(job.each_outcome.map(&:status)).to eq([:added])
    expect(leads.get_records.data.map { |r| r['Last_Name'] }).to eq(['Lovelace'])
  end

  it 'gives up waiting after wait_timeout, naming the jobs still running, which can be waited for again' do
    emulator.bulk_write_delay = 3600
    emulator.freeze_clock
    bulk_write = ZCRMSDK::BulkWrite.new('Leads', poll_interval: 0, wait_timeout: 0)

    error = nil
    expect { bulk_write.run([{ 'Last_Name' => 'Lovelace' }]) }
      .to raise_error(ZCRMSDK::BulkWrite::WaitTimeoutError) { |e| error = e }
    expect(error.message).to include('1 of 1 bulk write job(s) still running after 0 s', 'IN PROGRESS')
    expect(error.pending).to eq(error.jobs)

    emulator.advance_clock(3600)
    expect(bulk_write.wait(error.jobs).map(&:status)).to eq([:added])
  end

  it "posts the job's details to callback_url when the job completes" do
    server = TCPServer.new('127.0.0.1', 0)
    received = Thread.new do
      connection = server.accept
      head = connection.gets("\r\n\r\n")
      body = connection.read(head[/content-length: (\d+)/i, 1].to_i)
      connection.write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
      connection.close
      [head, JSON.parse(body)]
    end

    result = leads.bulk_write([{ 'Last_Name' => 'Lovelace' }], callback_url: "http://127.0.0.1:#{server.addr[1]}/bulk-done")

    head, details = received.join(10)&.value
    expect(head).to start_with('POST /bulk-done HTTP/1.1')
    expect(details).to include('id' => result.jobs.first.id, 'status' => 'COMPLETED', 'operation' => 'insert')
    expect(details.dig('resource', 0, 'file', 'added_count')).to eq(1)
  ensure
    server&.close
  end

  it 'works through a ZCRMSDK::Client, reading the outcomes through it too' do
    other = ZCRMSDK::Client.new(client_id: emulator.client_id, client_secret: emulator.client_secret,
                                redirect_uri: 'https://www.zoho.com', accounts_url: emulator.accounts_url,
                                api_base_url: emulator.api_base_url, ca_file: emulator.ca_file,
                                current_user_email: emulator.user_email, token_store: :memory)
    other.generate_access_token(emulator.grant_token)

    result = other.bulk_write('Leads', [{ 'Last_Name' => 'Lovelace' }])

    expect(result.map(&:status)).to eq([:added])
    expect(lead(result.first.record_id).field_data['Last_Name']).to eq('Lovelace')
  end

  describe 'bad input' do
    it 'refuses what cannot be a job, naming the problem' do
      expect { leads.bulk_write([{ 'Last_Name' => 'X' }], operation: :merge) }
        .to raise_error(ArgumentError, /operation must be one of insert, update, upsert/)
      expect { leads.bulk_write([]) }.to raise_error(ArgumentError, /no rows/)
      expect { leads.bulk_write([{ 'Last_Name' => 'X' }, { 'Last_Name' => 'Y', 'Email' => 'y@example.com' }]) }
        .to raise_error(ArgumentError, /row 1 has 'Email', which is not one of the columns \(Last_Name\): pass fields:/)
      expect { leads.bulk_write([Object.new]) }.to raise_error(ArgumentError, /row 0 is a Object/)
      expect { leads.bulk_write([{ 'Last_Name' => 'X' }], rows_per_file: 30_000) }
        .to raise_error(ArgumentError, /rows_per_file must be an Integer from 1 to 25000/)
    end

    it 'names the jobs already created when a later row fails, so their rows are not lost track of' do
      rows = [{ 'Last_Name' => 'A' }, { 'Last_Name' => 'B' }, { 'Last_Name' => 'C', 'Email' => 'c@example.com' }]
      bulk_write = ZCRMSDK::BulkWrite.new('Leads', rows_per_file: 2)

      error = nil
      expect { bulk_write.run(rows) }.to raise_error(ZCRMSDK::BulkWrite::PartiallySubmittedError) { |e| error = e }

      expect(error.message).to include("row 2 has 'Email'", 'after 1 job(s) holding the first 2 rows were created',
                                       'rows from index 2 on were not sent')
      expect(error.cause).to be_a(ArgumentError)
      expect(bulk_write.wait(error.jobs).map(&:status)).to eq(%i[added added])
    end

    it 'refuses an upsert whose find_by is not a column' do
      error = error_from { leads.bulk_write([{ 'Last_Name' => 'X' }], operation: :upsert, find_by: 'Email') }

      expect(error).to be_a(ZCRMSDK::ValidationError)
      expect(error.message).to include("find_by 'Email' is not one of the columns (Last_Name)")
      expect(jobs_created).to be_empty
    end

    it "raises Zoho's refusal of a file that is not a zip, which comes with HTTP 200" do
      path = File.join(scratch, 'leads.csv')
      File.write(path, "Last_Name\nLovelace\n")

      error = error_from { ZCRMSDK::Internal.call('bulk_write.upload', 'file' => path, 'org_id' => '700000100') }

      expect(error).to be_a(ZCRMSDK::APIError)
      expect([error.status_code, error.exception_code]).to eq([200, 'INVALID_FILE_FORMAT'])
      expect(error.message).to include('only zip format is supported')
    end

    it "reports Zoho's refusal of an upload for another org" do
      error = error_from { ZCRMSDK::BulkWrite.new('Leads', org_id: '1').run([{ 'Last_Name' => 'X' }]) }

      expect(error).to be_a(ZCRMSDK::APIError)
      expect(error.message).to include('X-CRM-ORG')
    end
  end
end
