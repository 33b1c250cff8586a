# frozen_string_literal: true

require_relative '../support/zcrm_stubs_spec'

RSpec.describe ZCRMSDK::Mapping::Records do
  let(:lead_json) do
    {
      'id' => '4150868000000231001',
      'Owner' => { 'name' => 'Patricia Boyle', 'id' => '4150868000000225013', 'email' => 'p@example.com' },
      'Created_By' => { 'name' => 'Patricia Boyle', 'id' => '4150868000000225013' },
      'Modified_By' => { 'name' => 'Ann', 'id' => '99' },
      'Created_Time' => '2019-09-11T16:21:15+05:30',
      'Modified_Time' => '2019-09-12T10:00:00+05:30',
      'Last_Name' => 'Boyle',
      'Phone' => nil,
      'Annual_Revenue' => 1000.5,
      'Interests' => %w[A B],
      'Account_Name' => { 'name' => 'Zylker', 'id' => '11' },
      'Custom_Lookup' => { 'name' => 'Thing', 'id' => '12' },
      'What_Id' => { 'name' => 'Big deal', 'id' => '13' },
      '$se_module' => 'Deals',
      'Layout' => { 'name' => 'Standard', 'id' => '14' },
      'Handler' => { 'name' => 'Bob', 'id' => '15' },
      'Tag' => [{ 'name' => 'hot', 'id' => '16' }],
      'Tax' => ['VAT'],
      '$approved' => true,
      '$approval' => { 'approve' => false },
      'Remind_At' => { 'ALARM' => 'FREQ=NONE' },
      'Last_Activity_Time' => '2019-09-13T10:00:00+05:30',
      'Empty' => {},
      'Rows' => [{ 'id' => '17', 'Qty' => 2, 'Product' => { 'name' => 'Pen', 'id' => '18' },
                   '$currency_symbol' => '$', 'Nested' => [{ 'id' => '19', 'X' => 1 }] }]
    }
  end

  describe '.from_api' do
    subject(:record) { described_class.from_api(lead_json, 'Leads') }

    it 'fills the standard accessors' do
      expect(record).to have_attributes(module_api_name: 'Leads', entity_id: '4150868000000231001',
                                        created_time: '2019-09-11T16:21:15+05:30',
                                        modified_time: '2019-09-12T10:00:00+05:30',
                                        last_activity_time: '2019-09-13T10:00:00+05:30')
      expect(record.owner).to have_attributes(id: '4150868000000225013', name: 'Patricia Boyle', email: 'p@example.com')
      expect(record.created_by).to be_a(ZCRMSDK::Operations::ZCRMUser)
      expect(record.modified_by.id).to eq('99')
      expect(record.layout).to have_attributes(id: '14', name: 'Standard')
    end

    it 'keeps plain values in field_data and skips nulls (1.0.x)' do
      expect(record.field_data).to include('Last_Name' => 'Boyle', 'Annual_Revenue' => 1000.5, 'Interests' => %w[A B],
                                           'Empty' => {}, 'Remind_At' => { 'ALARM' => 'FREQ=NONE' })
      expect(record.field_data).not_to have_key('Phone')
      expect(record.field_data['Handler']).to have_attributes(id: '15', name: 'Bob')
    end

    it "maps lookups to ZCRMRecord with the lookup's name and, where known, its module" do
      account = record.field_data['Account_Name']
      expect(account).to be_a(ZCRMSDK::Operations::ZCRMRecord)
      expect(account).to have_attributes(module_api_name: 'Accounts', entity_id: '11', name: 'Zylker', lookup_label: 'Zylker')
      expect(record.field_data['What_Id'].module_api_name).to eq('Deals')
      expect(record.field_data['Custom_Lookup']).to have_attributes(module_api_name: 'Custom_Lookup', name: 'Thing')
    end

    it 'collects tags, taxes and $ properties' do
      expect(record.tag_list.map { |t| [t.id, t.name] }).to eq([%w[16 hot]])
      expect(record.tax_list.map(&:name)).to eq(['VAT'])
      expect(record.properties).to eq('approved' => true, 'approval' => { 'approve' => false }, 'se_module' => 'Deals')
    end

    it 'maps arrays of objects to subform rows, nested ones too (NameError in 1.0.x)' do
      row = record.field_data['Rows'].first
      expect(row).to be_a(ZCRMSDK::Operations::ZCRMSubForm)
      expect(row).to have_attributes(id: '17')
      expect(row['Qty']).to eq(2)
      expect(row['Product']).to have_attributes(entity_id: '18', name: 'Pen')
      expect(row.properties).to eq('currency_symbol' => '$')
      expect(row['Nested'].first).to have_attributes(id: '19')
      expect(row['Nested'].first['X']).to eq(1)
    end

    it 'does not duplicate tags when the same record is filled twice' do
      described_class.fill(record, lead_json)
      expect(record.tag_list.size).to eq(1)
      expect(record.tax_list.size).to eq(1)
    end

    it 'tolerates nil and non-Hash input' do
      expect(described_class.from_api(nil, 'Leads')).to have_attributes(entity_id: nil, field_data: {})
      expect(described_class.fill(ZCRMSDK::Operations::ZCRMRecord.new('Leads'), 'junk').field_data).to eq({})
    end
  end

  describe 'inventory, events and price books' do
    let(:quote_json) do
      {
        'id' => '1',
        'Product_Details' => [{
          'id' => 'li1', 'product' => { 'name' => 'Pen', 'id' => 'p1', 'Product_Code' => 'PEN' },
          'product_description' => 'blue', 'quantity' => 3, 'list_price' => '2.5', 'total' => 7.5,
          'Discount' => 0.5, 'total_after_discount' => 7.0, 'Tax' => 0.7, 'net_total' => 7.7,
          'line_tax' => [{ 'name' => 'VAT', 'percentage' => 10, 'value' => 0.7 }]
        }],
        '$line_tax' => [{ 'name' => 'VAT', 'percentage' => 10, 'value' => 0.7 }]
      }
    end

    it 'maps Product_Details of inventory modules to line items' do
      record = described_class.from_api(quote_json, 'Quotes')
      item = record.line_items.first
      expect(item).to have_attributes(id: 'li1', description: 'blue', quantity: 3, list_price: 2.5, total: 7.5,
                                      discount: 0.5, total_after_discount: 7.0, tax_amount: 0.7, net_total: 7.7)
      expect(item.product).to have_attributes(module_api_name: 'Products', entity_id: 'p1', lookup_label: 'Pen')
      expect(item.product.field_data).to eq('Product_Code' => 'PEN')
      expect(item.line_tax.first).to have_attributes(name: 'VAT', percentage: 10, value: 0.7)
      expect(record.tax_list.first).to have_attributes(name: 'VAT', percentage: 10, value: 0.7)
    end

    it 'keeps Product_Details of other modules as subform rows (1.0.x)' do
      record = described_class.from_api(quote_json, 'Leads')
      expect(record.line_items).to eq([])
      expect(record.field_data['Product_Details'].first).to be_a(ZCRMSDK::Operations::ZCRMSubForm)
    end

    it 'maps event participants, by id or by e-mail' do
      json = { 'Participants' => [
        { 'type' => 'contact', 'participant' => 'c1', 'Email' => 'c@x.com', 'name' => 'C', 'invited' => true, 'status' => 'sent' },
        { 'type' => 'email', 'participant' => 'e@x.com', 'name' => nil, 'invited' => false, 'status' => 'not_known' }
      ] }
      first, second = described_class.from_api(json, 'Events').participants
      expect(first).to have_attributes(type: 'contact', id: 'c1', email: 'c@x.com', is_invited: true, status: 'sent')
      expect(second).to have_attributes(type: 'email', id: nil, email: 'e@x.com', is_invited: false)
    end

    it 'maps price book pricing' do
      json = { 'Pricing_Details' => [{ 'id' => 'pd', 'discount' => '5', 'to_range' => 10, 'from_range' => 1 }] }
      pricing = described_class.from_api(json, 'Price_Books').price_details.first
      expect(pricing).to have_attributes(id: 'pd', discount: 5.0, to_range: 10.0, from_range: 1.0)
    end
  end

  describe '.to_api' do
    let(:record) do
      ZCRMSDK::Operations::ZCRMRecord.new('Quotes').tap do |record|
        record.field_data['Subject'] = 'Q1'
        record.owner = ZCRMSDK::Operations::ZCRMUser.new('u1')
        record.layout = ZCRMSDK::Operations::ZCRMLayout.new('l1')
        record.tag_list << ZCRMSDK::Operations::ZCRMTag.new('t1', 'hot')
        record.tax_list << ZCRMSDK::Operations::ZCRMTax.new('VAT')
      end
    end

    it 'writes keys in 1.0.x order, field_data last' do
      expect(described_class.to_api(record).keys).to eq(%w[Owner Layout Tax Tag Subject])
      expect(described_class.to_api(record)).to include('Owner' => 'u1', 'Layout' => 'l1', 'Tax' => ['VAT'],
                                                        'Tag' => [{ 'name' => 'hot', 'id' => 't1' }])
    end

    it 'writes line items with the percentage discount and line taxes' do
      item = ZCRMSDK::Operations::ZCRMInventoryLineItem.new(ZCRMSDK::Operations::ZCRMRecord.new('Products', 'p1'))
      item.quantity = 2
      item.list_price = 10
      item.discount_percentage = 5 # an Integer: 1.0.x raised TypeError on Integer + '%'
      item.description = 'x'
      tax = ZCRMSDK::Operations::ZCRMTax.new('VAT')
      tax.percentage = 10
      tax.value = 2
      item.line_tax << tax
      record.line_items << item

      expect(described_class.to_api(record)['Product_Details']).to eq([
        { 'product' => 'p1', 'product_description' => 'x', 'list_price' => 10, 'quantity' => 2, 'Discount' => '5%',
          'line_tax' => [{ 'name' => 'VAT', 'value' => 2, 'percentage' => 10 }] }
      ])
    end

    it 'leaves out line items marked for deletion' do
      kept = ZCRMSDK::Operations::ZCRMInventoryLineItem.new('li1').tap { |i| i.quantity = 1 }
      gone = ZCRMSDK::Operations::ZCRMInventoryLineItem.new('li2')
      gone.quantity = 1
      gone.delete_flag = true
      record.line_items.push(kept, gone)
      expect(described_class.to_api(record)['Product_Details'].map { |i| i['id'] }).to eq(['li1'])
    end

    it 'raises when a line item has no quantity' do
      record.line_items << ZCRMSDK::Operations::ZCRMInventoryLineItem.new('li1')
      expect { described_class.to_api(record) }.to raise_error(zcrm_error) { |e| expect(e.status_code).to eq(400) }
    end

    it 'writes participants (address for e-mail invitees) and pricing' do
      event = ZCRMSDK::Operations::ZCRMRecord.new('Events')
      invitee = ZCRMSDK::Operations::ZCRMEventParticipant.new('email', nil).tap { |p| p.email = 'a@b.c' }
      event.participants << invitee
      event.price_details << ZCRMSDK::Operations::ZCRMPriceBookPricing.new.tap { |p| p.discount = 1 }
      json = described_class.to_api(event)
      expect(json['Participants']).to eq([{ 'participant' => 'a@b.c', 'type' => 'email', 'name' => nil,
                                            'Email' => 'a@b.c', 'invited' => false, 'status' => nil }])
      expect(json['Pricing_Details']).to eq([{ 'discount' => 1, 'to_range' => nil, 'from_range' => nil }])
    end

    it 'converts field_data values to JSON: lookups, users, subforms, times, symbols' do
      record.field_data.merge!(
        'Account_Name' => ZCRMSDK::Operations::ZCRMRecord.new('Accounts', 'a1'),
        'Handler' => ZCRMSDK::Operations::ZCRMUser.new('u2'),
        'Rows' => [ZCRMSDK::Operations::ZCRMSubForm.new('r1').tap { |r| r['Qty'] = 1 }],
        'Closing_Date' => Date.new(2021, 1, 25),
        'Call_Start' => Time.new(2021, 1, 25, 10, 30, 0, '+05:30'),
        'Stage' => :won,
        'Amount' => Rational(5, 2)
      )
      expect(described_class.to_api(record)).to include(
        'Account_Name' => 'a1', 'Handler' => 'u2', 'Rows' => [{ 'id' => 'r1', 'Qty' => 1 }],
        'Closing_Date' => '2021-01-25', 'Call_Start' => '2021-01-25T10:30:00+05:30', 'Stage' => 'won', 'Amount' => 2.5
      )
    end

    it 'round-trips a record read from the API' do
      json = { 'id' => '1', 'Last_Name' => 'Boyle', 'Account_Name' => { 'name' => 'Z', 'id' => '11' } }
      expect(described_class.to_api(described_class.from_api(json, 'Leads')))
        .to eq('Last_Name' => 'Boyle', 'Account_Name' => '11')
    end
  end

  describe 'ZCRMRecord#to_h' do
    it 'gives plain data keyed like the API' do
      record = described_class.from_api(lead_json, 'Leads')
      hash = record.to_h
      expect(hash).to include('id' => '4150868000000231001', 'Last_Name' => 'Boyle',
                              'Account_Name' => { 'id' => '11', 'name' => 'Zylker' },
                              'Owner' => { 'id' => '4150868000000225013', 'name' => 'Patricia Boyle' },
                              'Tag' => ['hot'], '$approved' => true)
      expect(hash['Rows'].first).to include('id' => '17', 'Qty' => 2)
    end
  end
end
