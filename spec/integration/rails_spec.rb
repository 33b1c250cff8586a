# frozen_string_literal: true

require 'open3'

# The Railtie, in a minimal Rails 6.1 application booted in its own process
# (spec/scripts/rails_app.rb): configuration from credentials and config.zcrmsdk, the
# per-environment token file under db/, and the Zoho time in the "Completed" line.
RSpec.describe 'Rails integration' do
  include_context 'with the zoho emulator'

  before do
    skip 'Rails is not installed (apt-get install ruby-rails)' if Gem::Specification.find_all_by_name('railties').empty?
  end

  let(:credentials) do
    { 'client_id' => emulator.client_id, 'client_secret' => emulator.client_secret, 'redirect_uri' => 'https://www.zoho.com',
      'current_user_email' => user, 'accounts_url' => emulator.accounts_url, 'api_base_url' => emulator.api_base_url,
      'ca_file' => emulator.ca_file, 'unrelated' => 'kept by the app' }
  end

  def boot(setup)
    script = File.expand_path('../scripts/rails_app.rb', __dir__)
    lib = File.expand_path('../../lib', __dir__)
    env = ENV.keys.grep(/\AZOHO_/).to_h { |name| [name, nil] }.merge('RAILS_ENV' => 'test', 'RAILS_MASTER_KEY' => nil)
    output, errors, status = Open3.capture3(env, RbConfig.ruby, '-I', lib, script,
                                            JSON.generate({ 'root' => File.join(scratch, 'app') }.merge(setup)))
    expect(status).to be_success, "#{errors}\n#{output}"
    JSON.parse(output.lines.last)
  end

  it 'configures the gem from the credentials, with tokens in db/zcrmsdk_<env>.sqlite3' do
    result = boot('credentials' => credentials, 'grant_token' => emulator.grant_token)

    expect(result).to include('configured' => true, 'persistence' => 'sqlite', 'client_id' => emulator.client_id,
                              'current_user_email' => user, 'status' => 200, 'body' => user, 'sqlite_exists' => true)
    expect(result['sqlite_path']).to eq(File.join(scratch, 'app', 'db', 'zcrmsdk_test.sqlite3'))
  end

  it 'lets config.zcrmsdk win over the credentials' do
    result = boot('credentials' => credentials, 'config' => { 'token_store' => 'memory', 'current_user_email' => 'ops@example.com' })
    expect(result).to include('persistence' => 'memory', 'current_user_email' => 'ops@example.com', 'client_id' => emulator.client_id)
  end

  it 'leaves a gem the app configured itself as it is' do
    initializer = <<~RUBY
      ZCRMSDK.configure do |c|
        c.client_id = 'app-own-id'
        c.client_secret = 'app-own-secret'
        c.redirect_uri = 'https://www.zoho.com'
        c.token_store = :memory
      end
    RUBY
    result = boot('credentials' => credentials, 'initializer' => initializer)
    expect(result).to include('configured' => true, 'client_id' => 'app-own-id', 'persistence' => 'memory')
  end

  it 'stays unconfigured, and boots, when nothing names a client' do
    expect(boot({})).to eq('configured' => false)
  end

  it 'shows the time spent on Zoho in the "Completed" line' do
    result = boot('credentials' => credentials, 'grant_token' => emulator.grant_token, 'latency_ms' => 120,
                  'base_url' => emulator.base_url, 'ca_file' => emulator.ca_file)

    zoho_ms = result['completed'][/Zoho: ([\d.]+)ms/, 1]
    expect(result['completed']).to include('Completed 200 OK in')
    expect(zoho_ms).not_to be_nil, result['completed']
    expect(result['request_ms'].size).to eq(1)
    expect(zoho_ms.to_f).to eq(result['request_ms'].first.round(1))
    expect(zoho_ms.to_f).to be >= 120
  end
end
