# frozen_string_literal: true

require 'tmpdir'
require 'zcrmsdk/cli'

RSpec.describe ZCRMSDK::CLI::Settings do
  around { |example| Dir.mktmpdir { |dir| Dir.chdir(dir) { example.run } } }

  it 'reads ZOHO_ + each configuration key upcased (Configuration::Env), ignoring empty and other variables' do
    env = { 'ZOHO_CLIENT_ID' => 'id', 'ZOHO_CLIENT_SECRET' => 'secret', 'ZOHO_CURRENT_USER_EMAIL' => '',
            'ZOHO_TRUSTED_ACCOUNTS_SERVERS' => 'https://a.example', 'ZOHO_NOT_A_KEY' => 'x', 'CLIENT_ID' => 'y' }
    expect(described_class.new(flags: {}, env: env).to_h)
      .to eq('redirect_uri' => 'https://www.zoho.com', 'client_id' => 'id', 'client_secret' => 'secret',
             'trusted_accounts_servers' => 'https://a.example')
  end

  it 'takes flags over the environment over the file over the defaults' do
    File.write('zcrmsdk.yml', "client_id: from-file\naccounts_url: https://accounts.zoho.eu\ntimeout: 30\n")
    settings = described_class.new(flags: { 'client_id' => 'from-flag' },
                                    env: { 'ZOHO_CLIENT_ID' => 'from-env', 'ZOHO_TIMEOUT' => '20' })
    expect(settings.to_h).to eq('redirect_uri' => 'https://www.zoho.com', 'client_id' => 'from-flag',
                                'accounts_url' => 'https://accounts.zoho.eu', 'timeout' => '20')
    expect(settings.describe).to include('client_id = from-flag (from the flag)', 'timeout = 20 (from ZOHO_TIMEOUT)',
                                         'accounts_url = https://accounts.zoho.eu (from the file zcrmsdk.yml)')
  end

  it 'never describes a secret, and lists them for the error filter' do
    settings = described_class.new(flags: {}, env: { 'ZOHO_CLIENT_SECRET' => 's3cr3t-value', 'ZOHO_DB_PASSWORD' => 'pw-value' })
    expect(settings.describe.join("\n")).not_to include('s3cr3t-value', 'pw-value')
    expect(settings.secret_values).to contain_exactly('s3cr3t-value', 'pw-value')
  end
end
