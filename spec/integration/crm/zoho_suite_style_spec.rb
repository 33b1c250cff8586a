# frozen_string_literal: true

require 'set'
require 'tempfile'

# Code written the way the suites Zoho shipped with 1.0.x are written (issue 12): records of
# every creatable module built from field metadata alone, then tagged, given an attachment and
# a note, related and, for a lead, converted. Against a real org this runs without errors;
# so it must against the emulator.
RSpec.describe "Code written the way Zoho's 1.0.x suites are written" do
  include_context 'with a signed-in CRM'

  let(:operations) { ZCRMSDK::Operations }
  # Related lists whose records are linked through a junction (PUT {module}/{id}/{list}/{id}),
  # with the relation fields each needs.
  let(:junctions) do
    { 'Products' => {}, 'Campaigns' => {}, 'Contact_Roles' => { 'Contact_Role' => 'Evaluator' },
      'Price_Books' => { 'list_price' => 10 } }
  end
  let(:attachment) do
    Tempfile.new(['suite', '.txt']).tap do |file|
      file.write('attached by the suite')
      file.flush
    end
  end
  let(:created) { {} }

  after { attachment.close! }

  def fields_of(module_api_name)
    @fields ||= {}
    @fields[module_api_name] ||= module_named(module_api_name).get_all_fields.data
  end

  # A record of the module, created once; what lookups and line items point at.
  def record_of(module_api_name)
    created[module_api_name] ||= create_from_metadata(module_api_name)
  end

  def create_from_metadata(module_api_name)
    record = operations::ZCRMRecord.get_instance(module_api_name)
    fields = fields_of(module_api_name)
    fields.each { |field| fill(record, field) if field.is_mandatory || se_module_lookup?(field) }
    record.tag_list = [operations::ZCRMTag.get_instance(nil, 'created-by-suite')] if fields.any? { |f| f.api_name == 'Tag' }
    response = record.create
    expect(response.status).to eq('success'), "#{module_api_name}: #{response.response_json}"
    record
  end

  def se_module_lookup?(field)
    field.lookup_field.respond_to?(:module_apiname) && field.lookup_field.module_apiname == 'se_module'
  end

  # Mandatory fields filled by type, as the suites did.
  def fill(record, field)
    name = field.api_name
    case field.data_type
    when 'lookup' then fill_lookup(record, field)
    when 'subform' then fill_line_items(record)
    when 'picklist' then record.field_data[name] = field.picklist_values.map(&:actual_value).find { |v| v != '-None-' }
    when 'datetime' then record.field_data[name] = '2026-03-02T10:00:00+05:30'
    when 'date' then record.field_data[name] = '2026-03-02'
    when 'integer', 'double', 'currency', 'percent' then record.field_data[name] = 1
    when 'boolean' then record.field_data[name] = true
    when 'email' then record.field_data[name] = "suite.#{record.module_api_name.downcase}@example.com"
    when 'ownerlookup' then nil
    else record.field_data[name] = "Suite #{record.module_api_name} #{name}"
    end
  end

  def fill_lookup(record, field)
    target = field.lookup_field.module_apiname
    if target == 'se_module'
      record.field_data[field.api_name] = record_of('Accounts')
      record.field_data['se_module'] = 'Accounts'
    else
      record.field_data[field.api_name] = record_of(target)
    end
  end

  def fill_line_items(record)
    line = operations::ZCRMInventoryLineItem.get_instance(record_of('Products'))
    line.quantity = 1
    record.line_items << line
  end

  def related_lists_of(module_api_name)
    module_named(module_api_name).get_all_relatedlists.data
  end

  def work_on(record, related_lists)
    names = related_lists.map(&:api_name)
    expect(record.add_tags(['suite']).status).to eq('success')
    expect(record.upload_attachment(attachment.path).status).to eq('success') if names.include?('Attachments')
    return unless names.include?('Notes')

    note = operations::ZCRMNote.get_instance(record).tap { |n| n.content = 'noted by the suite' }
    expect(record.add_notes([note]).bulk_entity_response.map(&:status)).to eq(['success'])
  end

  # Each pair once: a junction joins both ends, so relating back would update, not add.
  def relate(record, related_lists, related)
    related_lists.each do |list|
      next unless junctions.key?(list.api_name) && created.key?(list.module_apiname)
      next unless related.add?([record.module_api_name, list.module_apiname].sort)

      junction = operations::ZCRMJunctionRecord.get_instance(list.api_name, created[list.module_apiname].entity_id)
      junctions[list.api_name].each { |key, value| junction.related_data[key] = value }
      response = record.add_relation(junction)
      expect(response.message).to eq('relation added'), "#{record.module_api_name}/#{list.api_name}"
    end
  end

  it 'runs without errors: build, create, tag, attach, note, relate, convert' do
    creatable = client.get_all_modules.data.select(&:is_creatable).map(&:api_name)
    creatable.each { |name| record_of(name) }
    expect(created.keys).to match_array(creatable)

    related = Set.new
    created.reject { |name, _| name == 'Notes' }.each do |name, record|
      lists = related_lists_of(name)
      work_on(record, lists)
      relate(record, lists, related)
    end
    expect(related.size).to be >= 5

    tagged = created.count { |name, _| fields_of(name).any? { |f| f.api_name == 'Tag' } }
    expect(tagged).to be > 10
    activities = %w[Tasks Events Calls].map { |name| module_named(name).get_record(created[name].entity_id).data }
    expect(activities.map { |a| a.properties['se_module'] || a['se_module'] }).to all(eq('Accounts'))

    deal = operations::ZCRMRecord.get_instance('Deals').tap do |d|
      d.field_data.merge!('Deal_Name' => 'Converted by the suite', 'Closing_Date' => '2026-06-30', 'Stage' => 'Qualification')
    end
    ids = created['Leads'].convert(deal, Array('overwrite' => true, 'notify_lead_owner' => true,
                                               'notify_new_entity_owner' => true))
    expect(ids.keys).to include('Contacts', 'Deals')
  end
end
