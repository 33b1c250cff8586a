# frozen_string_literal: true

# `to:` is a path (written to a temp file, renamed into place only when complete) or any
# object with `write` (written at its current position, never reopened by path).
RSpec.describe 'Streamed downloads' do
  include_context 'with the zoho emulator'

  let(:lead) do
    ZCRMSDK::Operations::ZCRMRecord.get_instance('Leads').tap do |l|
      l['Last_Name'] = 'Download'
      l.create
    end
  end
  let(:content) { 'attachment body ' * 4_000 }
  let(:attachment_id) do
    path = File.join(scratch, 'contract.txt').tap { |p| File.write(p, content) }
    lead.upload_attachment(path).data.id
  end

  before do
    init_sdk('persistence' => 'memory')
    generate_tokens
  end

  it 'writes into an open File at its position, keeping what was written before and after' do
    path = File.join(scratch, 'bundle.txt')
    File.open(path, 'w') do |file|
      file.write("HEADER\n")
      lead.download_attachment(attachment_id, to: file)
      file.write("\nFOOTER")
    end

    expect(File.read(path)).to eq("HEADER\n#{content}\nFOOTER")
  end

  it 'refuses a File opened read-only instead of overwriting it, and names the IO error' do
    path = File.join(scratch, 'precious.txt').tap { |p| File.write(p, 'keep me') }

    error = File.open(path, 'r') do |file|
      lead.download_attachment(attachment_id, to: file)
    rescue ZCRMSDK::Error => e
      e
    end

    expect(error).to be_a(ZCRMSDK::ValidationError)
    expect(error.cause).to be_a(IOError)
    expect(File.read(path)).to eq('keep me')
  end

  it 'tells how many bytes reached an IO that failed midway' do
    sink = Class.new do
      attr_reader :received

      def initialize
        @received = +''
      end

      def write(chunk)
        raise Errno::ENOSPC if @received.bytesize.positive?

        @received << chunk
        chunk.bytesize
      end
    end.new

    error = begin
      lead.download_attachment(attachment_id, to: sink)
    rescue ZCRMSDK::Error => e
      e
    end

    expect(error.bytes_written).to eq(sink.received.bytesize)
    expect(error.message).to include("#{sink.received.bytesize} bytes had been written to the IO")
    expect(error.cause).to be_a(Errno::ENOSPC)
  end

  it 'leaves a path target untouched when the download fails' do
    path = File.join(scratch, 'previous.txt').tap { |p| File.write(p, 'previous version') }
    attachment_id
    emulator.inject_fault(path_prefix: "/crm/v2/Leads/#{lead.entity_id}/Attachments/#{attachment_id}",
                          kind: 'drop', times: 5)

    expect { lead.download_attachment(attachment_id, to: path) }.to raise_error(ZCRMSDK::NetworkError)
    expect(File.read(path)).to eq('previous version')
    expect(Dir.children(scratch).grep(/previous/)).to eq(['previous.txt'])
  end
end
