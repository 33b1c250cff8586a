# frozen_string_literal: true

# Beyond 1.0.x: incremental sync (ZCRMModule#sync, ZCRMSDK::Sync and its Checkpoint), against
# the emulator with its clock frozen: Zoho's times have one-second resolution, and these
# examples decide which changes share a second.
RSpec.describe 'CRM incremental sync' do
  include_context 'with a signed-in CRM'

  let(:leads) { module_named('Leads') }
  let(:record_class) { ZCRMSDK::Operations::ZCRMRecord }

  before { emulator.freeze_clock }

  # [:upsert, id] or [:delete, id] for each change.
  def labels(changes)
    changes.map { |change| change.is_a?(record_class) ? [:upsert, change.entity_id] : [:delete, change.id] }
  end

  # Runs a sync to its end; [changes yielded, final checkpoint].
  def sync_all(checkpoint = nil, **options)
    changes = []
    sync = leads.sync(checkpoint, **options) { |change, _after| changes << change }
    [labels(changes), sync.checkpoint]
  end

  # Runs a sync whose block fails while handling change number `fail_at` (1-based), as a job
  # persisting the checkpoint after each change would; [changes handled, saved JSON].
  def sync_crashing(checkpoint, fail_at:, **options)
    handled = []
    saved = checkpoint&.to_json
    expect do
      leads.sync(checkpoint, **options) do |change, after|
        raise 'crash' if handled.size + 1 == fail_at

        handled << change
        saved = after.to_json
      end
    end.to raise_error(RuntimeError, 'crash')
    [labels(handled), saved]
  end

  def deletions_so_far
    leads.each_deleted_record.map { |trash| [:delete, trash.id] }
  end

  it 'yields every record on a first sync, then only what changed since the checkpoint' do
    a, b, c = create_leads!(3)
    emulator.advance_clock(5)
    b['City'] = 'Lyon'
    b.update
    old_deletions = deletions_so_far
    emulator.clear_requests

    first, checkpoint = sync_all(per_page: 2)
    expect(first).to eq([[:upsert, a.entity_id], [:upsert, c.entity_id], [:upsert, b.entity_id]] +
                        old_deletions.sort_by(&:last))
    queries = requests_for(:get, '/Leads').map(&:query)
    expect(queries).to all(include('sort_by' => 'Modified_Time', 'sort_order' => 'asc', 'per_page' => '2'))
    # Page 1 from the checkpoint each time, except after a page of nothing but its own second.
    expect(queries.map { |query| query['page'] }).to eq(%w[1 1 2])

    emulator.advance_clock(10)
    a['City'] = 'Nantes'
    a.update
    d = create_lead!('Newcomer')
    leads.delete_records([c.entity_id])

    second, checkpoint = sync_all(checkpoint, per_page: 2)
    expect(second).to eq([[:upsert, a.entity_id], [:upsert, d.entity_id], [:delete, c.entity_id]])

    third, last = sync_all(checkpoint)
    expect(third).to eq([])
    expect(last).to eq(checkpoint)
  end

  it 'yields a record modified while the sync runs again, after the rest, without skipping any' do
    a, b, c = Array.new(3) do |n|
      emulator.advance_clock(1)
      create_lead!("Lead #{n}")
    end
    emulator.advance_clock(1)
    changes = []
    leads.sync(per_page: 1) do |change, _after|
      if changes.empty?
        emulator.advance_clock(10)
        a['City'] = 'Brest'
        a.update
      end
      changes << change
    end

    upserts = labels(changes).select { |kind, _| kind == :upsert }.map(&:last)
    expect(upserts).to eq([a, b, c, a].map(&:entity_id))
    expect(changes.last['City']).to eq('Brest')
  end

  it 'resumes a sync that failed after N changes: nothing skipped, only the change in flight yielded twice' do
    records = Array.new(10) do |n|
      emulator.advance_clock(1) if n.even? # two records a second: ties on most page boundaries
      create_lead!(format('Lead %02d', n))
    end
    emulator.advance_clock(1)
    every = sync_all(per_page: 3).first
    expect(every.count { |kind, _| kind == :upsert }).to eq(10)

    handled, saved = sync_crashing(nil, fail_at: 5, per_page: 3)
    expect(handled).to eq(every.first(4))

    resumed, = sync_all(ZCRMSDK::Sync::Checkpoint.parse(saved), per_page: 3)
    expect(resumed).to eq(every.drop(4))
    expect((handled + resumed).tally.select { |_, n| n > 1 }).to eq({})
    expect(records.map { |r| [:upsert, r.entity_id] } - (handled + resumed)).to eq([])
  end

  it 'keeps the checkpoint at the last change handled when Zoho fails mid-sync' do
    create_leads!(4)
    emulator.advance_clock(1)
    every = sync_all(per_page: 2).first
    handled = []
    sync = leads.sync(per_page: 2)
    expect do
      sync.each do |change, _after|
        handled << change
        # The next page's request (page 1 from the checkpoint) meets a 400.
        emulator.inject_fault(path_prefix: '/crm/v2/Leads', kind: :status, status: 400) if handled.size == 2
      end
    end.to raise_error(ZCRMSDK::Utility::ZCRMException)
    expect(labels(handled)).to eq(every.first(2))

    resumed, = sync_all(sync.checkpoint, per_page: 2)
    expect(labels(handled) + resumed).to eq(every)
  end

  it 'delivers 250 records sharing one Modified_Time across the 200-record page boundary exactly once over a crash' do
    emulator.advance_clock(1)
    records = create_leads!(250) # three requests, one frozen second
    emulator.advance_clock(1)
    times = leads.each_record.map(&:modified_time).uniq
    expect(times.size).to eq(1)

    handled, saved = sync_crashing(nil, fail_at: 201)
    expect(handled.size).to eq(200)
    checkpoint = ZCRMSDK::Sync::Checkpoint.parse(saved)
    expect(checkpoint.modified_ids.size).to eq(200)

    emulator.clear_requests
    resumed, final = sync_all(checkpoint)
    expect(resumed.count { |kind, _| kind == :upsert }).to eq(50)
    expect((handled + resumed).select { |kind, _| kind == :upsert }.map(&:last))
      .to match_array(records.map(&:entity_id))
    expect(requests_for(:get, '/Leads').map { |r| r.query['page'] }).to eq(%w[1 2])
    expect(final.modified_ids.size).to eq(250)

    again, = sync_all(final)
    expect(again).to eq([])
  end

  it 'round-trips the checkpoint through JSON, and refuses another module\'s' do
    create_leads!(2)
    leads.delete_records([create_lead!('Gone').entity_id])
    _, checkpoint = sync_all

    json = checkpoint.to_json
    expect(JSON.parse(json)).to include('version' => 1, 'module' => 'Leads',
                                        'modified_since' => a_string_matching(/\A\d{4}-\d\d-\d\dT[\d:]{8}\+05:30\z/),
                                        'modified_ids' => an_instance_of(Array), 'deleted_ids' => an_instance_of(Array))
    expect(ZCRMSDK::Sync::Checkpoint.parse(json)).to eq(checkpoint)
    expect(ZCRMSDK::Sync::Checkpoint.from_h(JSON.parse(json, symbolize_names: true))).to eq(checkpoint)
    expect(sync_all(json).first).to eq([])
    expect { module_named('Contacts').sync(json) }.to raise_error(ArgumentError, /Leads's, not Contacts's/)
  end

  it 'controls the emulator clock: frozen it stands, advance moves it, reset gives the wall clock back' do
    frozen = emulator.advance_clock(0)
    expect(create_lead!.modified_time).to eq(frozen.iso8601)
    expect(emulator.advance_clock(3600)).to eq(frozen + 3600)
    expect(emulator.unfreeze_clock).to be_within(5).of(Time.now + 3600)
    expect { emulator.advance_clock(-1) }.to raise_error(ArgumentError, /only moves forward/)
    emulator.reset(records: false)
    expect(emulator.advance_clock(0)).to be_within(5).of(Time.now)
  end

  it 'runs through a ZCRMSDK::Client instance and as an Enumerator' do
    lead = create_lead!
    changes = ZCRMSDK::Client.default.sync('Leads').map { |change, _after| change }
    expect(labels(changes)).to include([:upsert, lead.entity_id])
  end
end
