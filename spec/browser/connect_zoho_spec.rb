# frozen_string_literal: true

require 'json'
require 'net/http'
require 'socket'
require 'tmpdir'
require 'fileutils'

# The "Connect Zoho" button end to end, in headless Chromium (Debian's chromium and
# chromium-driver): a Rails app under Puma, the emulator's consent page, the redirect back.
# Tagged :browser (exclude locally with `rspec --tag '~browser'`); bin/test runs it.
RSpec.describe 'Connecting Zoho from a web app in a browser', :browser do
  app_dir = File.expand_path('../fixtures/connect_app', __dir__)
  lib = File.expand_path('../../lib', __dir__)

  before(:all) do
    unless File.executable?('/usr/bin/chromium') && File.executable?('/usr/bin/chromedriver')
      skip 'needs Debian\'s chromium and chromium-driver (bin/setup installs them)'
    end
    require 'capybara/rspec'
    require 'selenium-webdriver'
    Capybara.register_driver(:headless_chromium) do |app|
      options = Selenium::WebDriver::Chrome::Options.new(binary: '/usr/bin/chromium')
      %w[--headless --no-sandbox --disable-gpu --disable-dev-shm-usage].each { |arg| options.add_argument(arg) }
      Capybara::Selenium::Driver.new(app, browser: :chrome, options: options)
    end
    Capybara.run_server = false
    Capybara.default_max_wait_time = 10

    @port = TCPServer.open('127.0.0.1', 0) { |server| server.addr[1] }
    @app_url = "http://127.0.0.1:#{@port}"
    # Plain HTTP: a consent form on an https page that redirects to the http app would meet
    # Chromium's insecure-form warning, which is not what is being tested.
    @emulator = ZCRMSDK::Testing::Emulator.start(tls: false, seed_records: 2, redirect_uri: "#{@app_url}/zoho/callback")
    @dir = Dir.mktmpdir('connect-app')
    @config = @emulator.config('redirect_uri' => "#{@app_url}/zoho/callback",
                               'token_persistence_path' => @dir, 'current_user_email' => nil)
    env = { 'ZCRMSDK_CONFIG' => JSON.generate(@config), 'SECRET_KEY_BASE' => 's' * 64, 'RAILS_ENV' => 'test',
            'RUBYOPT' => nil, 'RUBYLIB' => lib }
    @log = File.join(@dir, 'puma.log')
    @puma = Process.spawn(env, 'puma', '--bind', "tcp://127.0.0.1:#{@port}", '--threads', '1:4', 'config.ru',
                          chdir: app_dir, out: @log, err: @log, pgroup: true)
    wait_for_app
    Capybara.app_host = @app_url
  end

  after(:all) do
    Capybara.reset_sessions!
    Process.kill('TERM', -@puma) if @puma
    Process.wait(@puma) if @puma
    @emulator&.stop
    FileUtils.rm_rf(@dir) if @dir
  end

  def wait_for_app
    120.times do
      return if Net::HTTP.get_response(URI("#{@app_url}/")).is_a?(Net::HTTPSuccess)
    rescue SystemCallError, EOFError
      raise "the app exited:\n#{File.read(@log)}" if Process.waitpid(@puma, Process::WNOHANG)

      sleep 0.25 # polling a starting server; not part of what is asserted
    end
    raise "the app did not start:\n#{File.read(@log)}"
  end

  let(:browser) { Capybara::Session.new(:headless_chromium) }

  after do |example|
    warn "#{browser.current_url}\n#{browser.html}\n#{File.read(@log)}" if example.exception
    browser.quit
  end

  it 'lets a signed-in user approve on the consent page, then stores their tokens and calls the CRM' do
    browser.visit('/sign_in/7')
    browser.click_button('Connect Zoho')
    expect(browser).to have_css('#client-name', text: 'ZCRMSDK Emulator App')
    expect(browser).to have_css('li.scope', text: 'ZohoCRM.modules.ALL')
    browser.click_button('Accept')

    expect(browser).to have_css('#flash', text: 'Zoho connected')
    expect(browser).to have_css('#connected', text: "Ada is connected to Zoho as #{@emulator.user_email}")
    expect(browser).to have_css('#leads', text: 'Leads: 2')
    expect(browser.current_url).to eq("#{@app_url}/")

    ZCRMSDK::RestClient::ZCRMRestClient.init(@config)
    tokens = ZCRMSDK::OAuthClient::ZohoOAuth.get_persistence_instance.get_oauth_tokens(@emulator.user_email)
    expect(tokens.refresh_token).to start_with('1000.')
    expect(@emulator.stats).to include('token_exchanges' => 1, 'grants_issued' => 1)
  end

  it 'tells the app when the user rejects' do
    browser.visit('/sign_in/7')
    browser.visit('/zoho/connect')
    browser.click_button('Reject')
    expect(browser).to have_css('#flash', text: 'Zoho was not connected (access_denied)')
  end
end
