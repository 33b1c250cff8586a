# frozen_string_literal: true

require 'open3'
require 'stringio'
require 'net/http'
require 'tmpdir'
require 'yaml'
require 'zcrmsdk/testing'
require 'zcrmsdk/cli'

# `zcrm` as users run it: a child process, configured through ZOHO_* variables, flags or a
# configuration file, talking to an emulator that runs in this process.
RSpec.describe 'The zcrm command' do
  let(:exe) { File.expand_path('../../exe/zcrm', __dir__) }
  let(:lib) { File.expand_path('../../lib', __dir__) }
  let(:token_shape) { /\b1000\.[0-9a-f]{16,}\.[0-9a-f]{16,}\b/ }

  # Runs zcrm in `dir` (so no ./zcrmsdk.yml of the checkout is read) with `env` only: ZOHO_*
  # variables of the shell running the specs are unset. Returns [stdout, stderr, status].
  def zcrm(*args, env: {}, stdin: '', dir: workdir)
    clean = ENV.keys.grep(/\AZOHO_/).to_h { |key| [key, nil] }
    Open3.capture3(clean.merge(env), RbConfig.ruby, '-I', lib, exe, *args, stdin_data: stdin, chdir: dir)
  end

  # Open3.popen3 for zcrm; the child is killed if the block fails before it ended.
  def spawn_zcrm(*args, env: {})
    clean = ENV.keys.grep(/\AZOHO_/).to_h { |key| [key, nil] }
    Open3.popen3(clean.merge(env), RbConfig.ruby, '-I', lib, exe, *args, chdir: workdir) do |stdin, out, err, wait|
      yield stdin, out, err, wait
    ensure
      Process.kill('KILL', wait.pid) if wait.alive?
    end
  end

  let(:workdir) { Dir.mktmpdir('zcrm-cli') }

  after { FileUtils.rm_rf(workdir) }

  describe 'help and usage' do
    # In this process (no process semantics involved): [stdout, stderr, exit status].
    def run_cli(*args)
      out = StringIO.new
      err = StringIO.new
      status = ZCRMSDK::CLI.new(out, err, StringIO.new, env: {}).run(args)
      [out.string, err.string, status]
    end

    it 'explains itself with --help, -h or help, listing the commands and exit statuses' do
      ['--help', '-h', 'help'].each do |flag|
        out, err, status = run_cli(flag)
        expect(status).to eq(0), err
        expect(out).to include('usage: zcrm COMMAND', 'auth', 'whoami', 'records', 'emulator', 'ZOHO_CLIENT_ID')
        expect(out).to match(/^  2 +usage error/).and match(/^  3 +configuration error/).and match(/^  130 +interrupted/)
      end
    end

    it 'gives every command a --help' do
      { 'auth' => '--web', 'whoami' => '--json', 'records' => '--modified-since TIME', 'emulator' => '--token-ttl SECS' }
        .each do |command, flag|
        [[command, '--help'], [command, '-h'], ['help', command]].each do |args|
          out, err, status = run_cli(*args)
          expect(status).to eq(0), "zcrm #{args.join(' ')}: #{err}"
          expect(out).to include("usage: zcrm #{command}", flag, '--help')
        end
      end
    end

    it 'exits 2 with the usage when the command line is wrong' do
      [%w[frobnicate], [], %w[whoami --frobnicate], %w[records], %w[records Leads --format xml],
       %w[records Leads --modified-since yesterday], %w[auth a b], %w[auth --web a], %w[emulator --port x]].each do |args|
        _out, err, status = run_cli(*args)
        expect(status).to eq(2), "zcrm #{args.join(' ')} exited #{status}: #{err}"
        expect(err).to match(/usage: zcrm|--help/)
      end
      expect(run_cli('frobnicate')[1]).to include("unknown command 'frobnicate'")
    end

    it 'prints its version, and exits with the status it returns' do
      out, _err, status = zcrm('version')
      expect(status).to be_success
      expect(out).to eq("ZCRMSDK #{ZCRMSDK::VERSION}\n")
      expect(zcrm('frobnicate')[2].exitstatus).to eq(2)
    end
  end

  context 'with a Zoho to talk to' do
    let(:emulator) { ZCRMSDK::Testing::Emulator.start(client_secret: 'cs-SECRET-4f9a2c', **emulator_options) }
    let(:emulator_options) { {} }
    let(:env) do
      { 'ZOHO_CLIENT_ID' => emulator.client_id, 'ZOHO_CLIENT_SECRET' => emulator.client_secret,
        'ZOHO_ACCOUNTS_URL' => emulator.accounts_url, 'ZOHO_API_BASE_URL' => emulator.api_base_url,
        'ZOHO_CA_FILE' => emulator.ca_file, 'ZOHO_SQLITE_PATH' => File.join(workdir, 'tokens.sqlite3') }
    end
    let(:as_user) { env.merge('ZOHO_CURRENT_USER_EMAIL' => emulator.user_email) }

    after { emulator.stop }

    def expect_no_secrets(*texts, grants: [])
      texts.each do |text|
        expect(text).not_to include(emulator.client_secret)
        grants.each { |grant| expect(text).not_to include(grant) }
        expect(text).not_to match(token_shape)
      end
    end

    def sign_in
      _out, err, status = zcrm('auth', env: env, stdin: "#{emulator.grant_token}\n")
      expect(status.exitstatus).to eq(0), err
    end

    describe 'zcrm auth' do
      it 'exchanges a grant token read from stdin, stores the tokens and names their user' do
        grant = emulator.grant_token
        out, err, status = zcrm('auth', env: env, stdin: "#{grant}\n")

        expect(status.exitstatus).to eq(0), err
        expect(out).to include("Tokens stored for #{emulator.user_email}.", "ZOHO_CURRENT_USER_EMAIL=#{emulator.user_email}")
        expect(emulator.stats['token_exchanges']).to eq(1)
        expect_no_secrets(out, err, grants: [grant])
        expect(zcrm('whoami', env: as_user)[2].exitstatus).to eq(0) # stored where the next command finds them
      end

      it 'takes the grant token as an argument or with --grant-token, and prints no secret with --verbose' do
        grants = [emulator.grant_token, emulator.grant_token]
        outputs = [zcrm('auth', grants[0], '--verbose', env: env), zcrm('auth', '--grant-token', grants[1], '--verbose', env: env)]

        outputs.each do |out, err, status|
          expect(status.exitstatus).to eq(0), err
          expect(err).to include('client_secret = [FILTERED] (from ZOHO_CLIENT_SECRET)', 'POST')
          expect_no_secrets(out, err, grants: grants)
        end
        expect(emulator.stats['token_exchanges']).to eq(2)
      end

      it 'exits 1 when Zoho refuses the grant, without echoing it' do
        grant = emulator.grant_token
        sign_in_with = ->(token) { zcrm('auth', token, '--verbose', env: env) }
        expect(sign_in_with.call(grant)[2].exitstatus).to eq(0)

        out, err, status = sign_in_with.call(grant) # a grant token works once
        expect(status.exitstatus).to eq(1)
        expect(err).to include('invalid_code')
        expect_no_secrets(out, err, grants: [grant])
      end

      it 'exits 3 when the client is not configured' do
        _out, err, status = zcrm('auth', emulator.grant_token, env: env.except('ZOHO_CLIENT_ID'))
        expect(status.exitstatus).to eq(3)
        expect(err).to include("'client_id' is mandatory")
      end

      describe '--web' do
        # Starts `zcrm auth --web`; yields the parameters of the authorization URL it printed
        # (with its redirect_uri on the loopback port), then the child's [stdout, status].
        def web_sign_in(*args)
          spawn_zcrm('auth', '--web', '--port', '0', '--wait', '30', *args, env: env) do |_in, out, err, wait|
            printed = []
            printed << out.gets until printed.last.to_s.start_with?('Waiting') || printed.last.nil? && printed.any?
            url = printed.join[%r{https?://\S+/oauth/v2/auth\?\S+}]
            expect(url).not_to be_nil, "no authorization URL in #{printed.join}"
            yield URI.decode_www_form(URI(url).query).to_h
            [printed.join + out.read, err.read, wait.value]
          end
        end

        def redirect(authorization, **params)
          uri = URI(authorization['redirect_uri'])
          uri.query = URI.encode_www_form(params)
          Net::HTTP.get_response(uri)
        end

        it 'prints the authorization URL, takes the redirect on its loopback port and stores the tokens' do
          grant = nil
          out, err, status = web_sign_in('--scope', 'ZohoCRM.modules.ALL,AaaServer.profile.Read') do |authorization|
            expect(authorization).to include('client_id' => emulator.client_id, 'response_type' => 'code',
                                             'access_type' => 'offline', 'prompt' => 'consent',
                                             'scope' => 'ZohoCRM.modules.ALL,AaaServer.profile.Read')
            expect(authorization['redirect_uri']).to match(%r{\Ahttp://127\.0\.0\.1:\d+/callback\z})

            stray = redirect(authorization, state: 'not-the-one', code: 'x')
            expect(stray.code).to eq('400') # and zcrm keeps waiting

            grant = emulator.grant_token
            answer = redirect(authorization, state: authorization['state'], code: grant, location: 'us',
                                             'accounts-server' => emulator.accounts_url)
            expect(answer.code).to eq('200')
            expect(answer.body).to include('You can close this tab')
          end

          expect(status.exitstatus).to eq(0), err
          expect(out).to include("Tokens stored for #{emulator.user_email}.")
          expect_no_secrets(out, err, grants: [grant])
          expect(zcrm('whoami', env: as_user)[2].exitstatus).to eq(0)
        end

        it 'exits 1 when the redirect says the user did not authorize' do
          out, err, status = web_sign_in do |authorization|
            answer = redirect(authorization, state: authorization['state'], error: 'access_denied')
            expect(answer.code).to eq('400')
            expect(answer.body).to include('access_denied')
          end
          expect(status.exitstatus).to eq(1)
          expect(err).to include('access_denied')
          expect(out).not_to include('Tokens stored')
        end
      end
    end

    describe 'zcrm whoami' do
      before { sign_in }

      it 'names the user, the org and the data centre' do
        out, err, status = zcrm('whoami', env: as_user)
        expect(status.exitstatus).to eq(0), err
        expect(out).to match(/^user: .+ <#{Regexp.escape(emulator.user_email)}> \(id \d+\)$/)
          .and match(/^org:  .+ \(id \d+\)$/).and include("dc:   127.0.0.1 (#{emulator.accounts_url})")
      end

      it 'prints JSON with --json' do
        out, = zcrm('whoami', '--json', env: as_user)
        identity = JSON.parse(out)
        expect(identity['user']).to include('email' => emulator.user_email, 'name' => a_kind_of(String), 'id' => /\A\d+\z/)
        expect(identity['org']).to include('name' => a_kind_of(String), 'id' => /\A\d+\z/)
        expect(identity).to include('dc' => '127.0.0.1', 'accounts_server' => emulator.accounts_url)
      end

      it 'exits 3, saying how to fix it, without a user to act as or without stored tokens' do
        _out, err, status = zcrm('whoami', env: env)
        expect(status.exitstatus).to eq(3)
        expect(err).to include('--user EMAIL', 'ZOHO_CURRENT_USER_EMAIL')

        _out, err, status = zcrm('whoami', '--user', 'nobody@example.com', env: env)
        expect(status.exitstatus).to eq(3)
        expect(err).to include('no OAuth tokens for nobody@example.com', 'zcrm auth')
      end
    end

    describe 'settings' do
      before { sign_in }

      let(:file_settings) do
        { 'client_id' => emulator.client_id, 'client_secret' => emulator.client_secret,
          'accounts_url' => emulator.accounts_url, 'api_base_url' => emulator.api_base_url,
          'ca_file' => emulator.ca_file, 'sqlite_path' => env['ZOHO_SQLITE_PATH'],
          'current_user_email' => emulator.user_email }
      end

      it 'reads ./zcrmsdk.yml when present, or the YAML or JSON file given with --config' do
        File.write(File.join(workdir, 'zcrmsdk.yml'), YAML.dump(file_settings))
        File.write(File.join(workdir, 'other.json'), JSON.generate(file_settings))

        [[], ['--config', 'other.json']].each do |args|
          out, err, status = zcrm('whoami', '--json', *args)
          expect(status.exitstatus).to eq(0), err
          expect(JSON.parse(out)['user']['email']).to eq(emulator.user_email)
        end
      end

      it 'takes flags over ZOHO_* variables over the file, and --verbose says where each came from' do
        File.write(File.join(workdir, 'zcrmsdk.yml'),
                   YAML.dump(file_settings.merge('current_user_email' => 'file@example.com', 'timeout' => 30)))
        out, err, status = zcrm('whoami', '--json', '--verbose', '--user', emulator.user_email, '--set', 'max_retries=1',
                                env: { 'ZOHO_CURRENT_USER_EMAIL' => 'env@example.com', 'ZOHO_TIMEOUT' => '20' })

        expect(status.exitstatus).to eq(0), err
        expect(JSON.parse(out)['user']['email']).to eq(emulator.user_email)
        expect(err).to include("current_user_email = #{emulator.user_email} (from the flag)",
                               'timeout = 20 (from ZOHO_TIMEOUT)', 'max_retries = 1 (from the flag)',
                               "client_id = #{emulator.client_id} (from the file zcrmsdk.yml)",
                               'client_secret = [FILTERED] (from the file zcrmsdk.yml)')
        expect_no_secrets(out, err)
      end

      it 'exits 3 for a file it cannot use, without quoting it' do
        File.write(File.join(workdir, 'bad.json'), "{\"client_secret\": \"#{emulator.client_secret}\",")
        File.write(File.join(workdir, 'unknown.yml'), YAML.dump('client_sekret' => 'x'))
        { 'bad.json' => 'bad.json is not valid JSON', 'unknown.yml' => "unknown setting 'client_sekret'",
          'missing.yml' => 'cannot read the configuration file missing.yml' }.each do |file, message|
          out, err, status = zcrm('whoami', '--config', file, env: as_user)
          expect(status.exitstatus).to eq(3), "#{file}: #{err}"
          expect(err).to include(message)
          expect_no_secrets(out, err)
        end
      end

      it 'refuses secrets on the command line, without echoing them' do
        _out, err, status = zcrm('whoami', '--set', 'client_secret=cs-ON-THE-COMMAND-LINE', env: as_user)
        expect(status.exitstatus).to eq(2)
        expect(err).to include('ZOHO_CLIENT_SECRET')
        expect(err).not_to include('cs-ON-THE-COMMAND-LINE')
      end
    end

    describe 'zcrm query' do
      let(:emulator_options) { { seed_records: 250 } }

      before { sign_in }

      it 'prints the records of a COQL query, page after page, values bound to its ? safely' do
        out, err, status = zcrm('query', 'select Last_Name, Email from Leads where Last_Name != ? order by id',
                                "O'Hara", '--no-progress', env: as_user)

        expect(status.exitstatus).to eq(0), err
        records = out.lines.map { |line| JSON.parse(line) }
        expect(records.size).to eq(250)
        expect(records.map { |r| r['id'] }.uniq.size).to eq(250)
        expect(records.first.keys).to include('id', 'Last_Name')
      end

      it 'says what is wrong with a query whose values do not match its placeholders (status 2)' do
        _out, err, status = zcrm('query', 'select Last_Name from Leads where Last_Name = ? and Email = ?', 'one',
                                 env: as_user)

        expect(status.exitstatus).to eq(2)
        expect(err).to match(/placeholder|value/i)
      end
    end

    describe 'zcrm import' do
      before { sign_in }

      it "writes a CSV file's rows with Bulk Write and prints each row's outcome" do
        File.write(File.join(workdir, 'leads.csv'), "Last_Name,Email\nLovelace,ada@example.com\n,nameless@example.com\n")

        out, err, status = zcrm('import', 'Leads', 'leads.csv', env: as_user)

        expect(status.exitstatus).to eq(0), err
        lines = out.lines.map { |line| JSON.parse(line) }
        expect(lines.map { |l| [l['row'], l['status'], l['errors']] })
          .to eq([[1, 'added', []], [2, 'skipped', ['MANDATORY_NOT_FOUND-Last_Name']]])
        expect(lines.first['record_id']).to match(/\A\d+\z/)
        expect(err).to include('2 rows: 1 added, 0 updated, 1 skipped')
      end

      it 'exits 2 for a file it cannot read' do
        _out, err, status = zcrm('import', 'Leads', 'missing.csv', env: as_user)
        expect([status.exitstatus, err]).to match([2, /cannot read missing.csv/])
      end
    end

    describe 'zcrm records' do
      let(:emulator_options) { { seed_records: 450 } }

      before { sign_in }

      it 'exports every record of a module as JSON Lines to a file, with a last progress line on stderr' do
        out, err, status = zcrm('records', 'Leads', '--output', 'leads.jsonl', env: as_user)

        expect(status.exitstatus).to eq(0), err
        expect(out).to eq('')
        records = File.readlines(File.join(workdir, 'leads.jsonl')).map { |line| JSON.parse(line) }
        expect(records.size).to eq(450)
        expect(records.map { |r| r['id'] }.uniq.size).to eq(450)
        expect(records.first).to include('Last_Name', 'Owner' => a_hash_including('id'))
        expect(err).to include('Leads: 450 records written')
      end

      it 'writes the fields asked for as CSV to stdout, nested values as JSON' do
        out, err, status = zcrm('records', 'Contacts', '--fields', 'Last_Name,Owner', '--format', 'csv',
                                '--no-progress', env: as_user)

        expect(status.exitstatus).to eq(0), err
        lines = out.split("\r\n")
        expect(lines.first).to eq('id,Last_Name,Owner')
        expect(lines.size).to eq(451)
        expect(lines[1]).to match(/\A\d+,[^,]+,"\{""id"":""\d+""/)
        expect(err).to eq('')
      end

      it 'exports the hits of a search with --criteria' do
        last_name = JSON.parse(zcrm('records', 'Leads', '--no-progress', env: as_user)[0].lines.first)['Last_Name']
        out, err, status = zcrm('records', 'Leads', '--criteria', "(Last_Name:equals:#{last_name})", '--fields', 'Last_Name',
                                env: as_user)

        expect(status.exitstatus).to eq(0), err
        hits = out.lines.map { |line| JSON.parse(line) }
        expect(hits).not_to be_empty
        expect(hits.map(&:keys).uniq).to eq([%w[id Last_Name]])
        expect(hits.map { |h| h['Last_Name'] }.uniq).to eq([last_name])
      end

      it "exports through Zoho's Bulk Read with --bulk: its CSV as it is, or a JSON line a row" do
        emulator.bulk_read_settings(delay: 0)
        out, err, status = zcrm('records', 'Leads', '--bulk', '--fields', 'Last_Name,Email', '--format', 'csv',
                                '--no-progress', env: as_user)

        expect(status.exitstatus).to eq(0), err
        lines = out.split("\r\n")
        expect(lines.first).to eq('Id,Last_Name,Email')
        expect(lines.size).to eq(451)
        last_name = lines[1].split(',')[1]

        criteria = JSON.generate(api_name: 'Last_Name', comparator: 'equal', value: last_name)
        out, err, status = zcrm('records', 'Leads', '--bulk', '--criteria', criteria, '--fields', 'Last_Name',
                                env: as_user)
        expect(status.exitstatus).to eq(0), err
        hits = out.lines.map { |line| JSON.parse(line) }
        expect(hits.map { |h| h['Last_Name'] }.uniq).to eq([last_name])
        expect(hits.map { |h| h['id'] }).to all(match(/\A\d+\z/))

        _out, err, status = zcrm('records', 'Leads', '--bulk', '--criteria', '(Last_Name:equals:x)', env: as_user)
        expect(status.exitstatus).to eq(2)
        expect(err).to include('--criteria with --bulk takes bulk read criteria as JSON')
      end

      it 'exits 1 when Zoho refuses, saying why' do
        _out, err, status = zcrm('records', 'Nonexistent', env: as_user)
        expect(status.exitstatus).to eq(1)
        expect(err).to include('INVALID_MODULE')
      end

      context 'when interrupted with Ctrl-C' do
        let(:emulator_options) { { seed_records: 1000 } }

        it 'stops, keeps what it wrote (whole records, flushed) and exits 130' do
          # Every page after the first is slow, so the export is still running when INT comes.
          emulator.inject_fault(path_prefix: '/crm/v2/Leads', kind: :latency, latency_ms: 3000, times: 10)
          file = File.join(workdir, 'leads.jsonl')
          spawn_zcrm('records', 'Leads', '--output', file, env: as_user) do |_in, _out, err, wait|
            Timeout.timeout(60) { sleep 0.05 until File.exist?(file) && File.readlines(file).size >= 200 }
            Process.kill('INT', wait.pid)
            status = wait.value

            expect(status.exitstatus).to eq(130)
            lines = File.readlines(file)
            expect(lines.size).to be >= 200
            expect(lines.size).to be < 1000
            expect(lines).to all(end_with("\n"))
            expect(lines.map { |line| JSON.parse(line)['id'] }.uniq.size).to eq(lines.size)
            expect(err.read).to include("Leads: #{lines.size} records written, interrupted")
          end
        end
      end
    end
  end

  describe 'zcrm emulator' do
    it 'runs the emulator until interrupted, announcing how to reach it' do
      spawn_zcrm('emulator', '--port', '0', '--seed', '3') do |_in, out, _err, wait|
        info = JSON.parse(out.gets)
        expect(info).to include('client_id' => 'emulator-client-id', 'user_email' => 'demo@example.com')
        expect(info['grant_token']).to start_with('1000.')

        uri = URI("#{info['base_url']}/_emulator/health")
        health = Net::HTTP.start(uri.host, uri.port, use_ssl: true, ca_file: info['ca_file']) { |http| http.get(uri.path) }
        expect(JSON.parse(health.body)).to eq('status' => 'ok')

        Process.kill('TERM', wait.pid)
        expect(wait.value).to be_success
      end
    end

    it 'seeds N records in the four modules, or in one module with MODULE=N' do
      spawn_zcrm('emulator', '--http', '--port', '0', '--seed', '2', '--seed', 'Deals=7') do |_in, out, _err, wait|
        info = JSON.parse(out.gets)
        client = ZCRMSDK::Client.new(client_id: info['client_id'], client_secret: info['client_secret'],
                                     redirect_uri: 'https://www.zoho.com', accounts_url: info['accounts_url'],
                                     api_base_url: info['api_base_url'], current_user_email: info['user_email'],
                                     token_store: :memory)
        client.generate_access_token(info['grant_token'])
        counts = client.use do
          %w[Leads Deals].to_h { |name| [name, ZCRMSDK::Operations::ZCRMModule.get_instance(name).each_record.count] }
        end
        expect(counts).to eq('Leads' => 2, 'Deals' => 9)

        Process.kill('TERM', wait.pid)
        expect(wait.value).to be_success
      end
    end

    it 'refuses a --seed that is neither N nor MODULE=N' do
      out, err, status = zcrm('emulator', '--seed', 'Leads:5')
      expect(status.exitstatus).to eq(2)
      expect(out + err).to include('give N or MODULE=N')
    end

    it 'passes the emulator its limits and token lifetime' do
      args = ['emulator', '--http', '--port', '0', '--token-ttl', '120', '--grant-limit', '1']
      spawn_zcrm(*args) do |_in, out, _err, wait|
        info = JSON.parse(out.gets) # announcing it used the one grant allowed
        uri = URI("#{info['base_url']}/_emulator/grants")
        refused = Net::HTTP.post(uri, '{}', 'Content-Type' => 'application/json')
        expect(refused.code).to eq('429')
        expect(refused.body).to include('access_denied')

        Process.kill('TERM', wait.pid)
        expect(wait.value).to be_success
      end
    end
  end
end
