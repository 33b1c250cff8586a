# frozen_string_literal: true

require_relative '../support/zcrm_stubs_spec'

RSpec.describe ZCRMSDK::Mapping::Users do
  let(:user_json) do
    {
      'id' => 'u1', 'name' => 'Patricia Boyle', 'email' => 'p@example.com', 'first_name' => 'Patricia',
      'last_name' => 'Boyle', 'full_name' => 'Patricia Boyle', 'zuid' => '123', 'status' => 'active',
      'confirm' => true, 'microsoft' => false, 'alias' => 'Pat', 'zip' => '1000', 'Isonline' => true,
      'role' => { 'name' => 'CEO', 'id' => 'r1' }, 'profile' => { 'name' => 'Administrator', 'id' => 'p1' },
      'created_by' => { 'name' => 'Admin', 'id' => 'u0' }, 'Modified_By' => { 'name' => 'Admin', 'id' => 'u0' },
      'created_time' => '2019-01-01T00:00:00+00:00', 'Modified_Time' => '2019-01-02T00:00:00+00:00',
      'Reporting_To' => { 'name' => 'Boss', 'id' => 'u9' }, 'Currency' => 'USD', 'personal_account' => false,
      'territories' => [{ 'id' => 't1', 'name' => 'EU', 'manager' => true }],
      'customize_info' => { 'notes_desc' => nil, 'show_right_panel' => true, 'bc_view' => nil, 'show_home' => false,
                            'show_detail_view' => true, 'unpin_recent_item' => nil },
      'theme' => { 'normal_tab' => { 'font_color' => '#FFF', 'background' => '#222' },
                   'selected_tab' => { 'font_color' => '#000', 'background' => '#EEE' },
                   'new_background' => nil, 'background' => '#F3F', 'screen' => 'fixed', 'type' => 'default' }
    }
  end

  it 'maps a full user' do
    user = described_class.from_api(user_json)
    expect(user).to have_attributes(id: 'u1', name: 'Patricia Boyle', email: 'p@example.com', alias_aka: 'Pat',
                                    is_confirm: true, is_microsoft: false, is_online: true, currency: 'USD',
                                    is_personal_account: false, created_time: '2019-01-01T00:00:00+00:00',
                                    modified_time: '2019-01-02T00:00:00+00:00', zip: '1000')
    expect(user.role).to have_attributes(id: 'r1', name: 'CEO')
    expect(user.profile).to have_attributes(id: 'p1', name: 'Administrator')
    expect(user.created_by.id).to eq('u0')
    expect(user.modified_by.name).to eq('Admin')
    expect(user.reporting_to.id).to eq('u9')
    expect(user.customize_info).to have_attributes(is_to_show_right_panel: true, is_to_show_home: false)
    expect(user.theme).to have_attributes(normal_tab_font_color: '#FFF', selected_tab_background: '#EEE', type: 'default')
  end

  it 'does not crash without role, profile, created_by or Modified_By (1.0.x did)' do
    user = described_class.from_api('id' => 'u1', 'theme' => { 'type' => 'x' })
    expect(user).to have_attributes(id: 'u1', role: nil, profile: nil, created_by: nil, modified_by: nil)
    expect(user.theme.normal_tab_font_color).to be_nil
  end

  describe '.to_api' do
    it 'sends only what is set, role and profile as id Strings, in 1.0.x order' do
      user = ZCRMSDK::Operations::ZCRMUser.new
      user.last_name = 'Boyle'
      user.email = 'p@example.com'
      user.role = ZCRMSDK::Operations::ZCRMRole.new(42)
      user.profile = ZCRMSDK::Operations::ZCRMProfile.new(7)
      user.reporting_to = ZCRMSDK::Operations::ZCRMUser.new('u9')
      user.is_personal_account = 'yes'
      expect(described_class.to_api(user)).to eq('role' => '42', 'profile' => '7', 'personal_account' => false,
                                                 'email' => 'p@example.com', 'Reporting_To' => { 'id' => 'u9' },
                                                 'last_name' => 'Boyle')
      expect(described_class.to_api(user).keys.first(2)).to eq(%w[role profile])
    end

    it 'merges custom fields by name (1.0.x iterated the Hash wrongly)' do
      user = ZCRMSDK::Operations::ZCRMUser.new
      user.field_apiname_vs_value = { 'Badge__c' => 'B-1', Team__c: ZCRMSDK::Operations::ZCRMRecord.new('Teams', 't1') }
      expect(described_class.to_api(user)).to eq('Badge__c' => 'B-1', 'Team__c' => 't1')
    end
  end
end
