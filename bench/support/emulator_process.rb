# frozen_string_literal: true

require 'ZCRMSDK'
require 'etc'
require 'json'
require 'net/http'
require 'open3'
require 'openssl'

# What the benchmarks share: an emulator in its own process (`zcrm emulator`), so that only
# the client's work is counted in this process's CPU time, and the gem signed in to it.
module BenchSupport
  ROOT = File.expand_path('../..', __dir__)
  # Counted before a benchmark pins itself to one of them.
  CORES = Etc.nprocessors

  module_function

  # Runs `zcrm emulator` (HTTPS unless tls: false) and yields its description (base_url,
  # api_base_url, accounts_url, ca_file, client_id, client_secret, user_email, grant_token).
  # `cpu:` pins the emulator to that CPU (see `pinned`).
  def with_emulator(tls: true, cpu: nil)
    # --page-limit 0: real Zoho lists only 2,000 records by page number now; the walks here
    # compare with 1.0.5's page walk over 20,000, so the emulator lifts that cap.
    args = [RbConfig.ruby, '-I', File.join(ROOT, 'lib'), File.join(ROOT, 'exe', 'zcrm'), 'emulator', '--seed', '0',
            '--page-limit', '0']
    args << '--http' unless tls
    input, output, process = Open3.popen2(*pinned(args, cpu))
    yield JSON.parse(output.gets)
  ensure
    Process.kill('INT', process.pid) if process
    input&.close
    process&.join
  end

  # The gem configured for the emulator (memory store) and signed in; returns the access token.
  # `overrides`: more configuration keys ('timeout' => '600').
  def sign_in(info, overrides = {})
    ZCRMSDK::RestClient::ZCRMRestClient.init(
      { 'client_id' => info['client_id'], 'client_secret' => info['client_secret'],
        'redirect_uri' => 'https://www.zoho.com', 'accounts_url' => info['accounts_url'],
        'api_base_url' => info['api_base_url'], 'current_user_email' => info['user_email'],
        'persistence' => 'memory', 'ca_file' => info['ca_file'] }.merge(overrides)
    )
    oauth = ZCRMSDK::OAuthClient::ZohoOAuth.get_client_instance
    oauth.generate_access_token(info['grant_token'])
    oauth.get_access_token(info['user_email'])
  end

  # `count` Leads seeded and the gem signed in: the Leads module, the records' ids and the
  # access token.
  def seeded_leads(info, count)
    seed(info, 'Leads', count)
    token = sign_in(info)
    leads = ZCRMSDK::Operations::ZCRMModule.get_instance('Leads')
    [leads, leads.each_record(fields: %w[Last_Name]).map(&:entity_id), token]
  end

  # Creates `count` records in the emulator's `module_name` through its admin endpoint.
  def seed(info, module_name, count)
    uri = URI("#{info['base_url']}/_emulator/seed")
    Net::HTTP.start(uri.host, uri.port, use_ssl: uri.scheme == 'https', ca_file: info['ca_file']) do |http|
      request = Net::HTTP::Post.new(uri, 'Content-Type' => 'application/json')
      request.body = JSON.generate('module' => module_name, 'count' => count)
      response = http.request(request)
      raise "emulator seed: HTTP #{response.code} #{response.body}" unless response.is_a?(Net::HTTPSuccess)
    end
  end

  # The CPUs a loop benchmark uses: [client, server] when the machine has two or more and
  # `taskset` is there, else nil. On two cores the scheduler otherwise moves the emulator onto
  # the client's core now and then, and a run's figures drift by tens of per cent.
  def pinning
    return nil if CORES < 2 || !system('taskset', '-V', out: File::NULL, err: File::NULL)

    [0, 1]
  end

  # `command` run on `cpu` (nil: wherever the scheduler puts it).
  def pinned(command, cpu)
    cpu ? ['taskset', '-c', cpu.to_s, *command] : command
  end

  # Pins this process's main thread (the one that runs the benchmark's loop) to `cpu`.
  def pin_self(cpu)
    system('taskset', '-p', '-c', cpu.to_s, Process.pid.to_s, out: File::NULL) if cpu
  end

  def cpu_seconds
    Process.clock_gettime(Process::CLOCK_PROCESS_CPUTIME_ID)
  end

  def wall_seconds
    Process.clock_gettime(Process::CLOCK_MONOTONIC)
  end

  def machine
    "Ruby #{RUBY_VERSION}, #{CORES} cores, ZCRMSDK #{ZCRMSDK::VERSION}"
  end
end
