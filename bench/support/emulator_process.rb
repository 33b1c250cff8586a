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

  module_function

  # Runs `zcrm emulator` (HTTPS unless tls: false) and yields its description (base_url,
  # api_base_url, accounts_url, ca_file, client_id, client_secret, user_email, grant_token).
  def with_emulator(tls: true)
    # --page-limit 0: real Zoho lists only 2,000 records by page number now; the walks here
    # compare with 1.0.5's page walk over 20,000, so the emulator lifts that cap.
    args = [RbConfig.ruby, '-I', File.join(ROOT, 'lib'), File.join(ROOT, 'exe', 'zcrm'), 'emulator', '--seed', '0',
            '--page-limit', '0']
    args << '--http' unless tls
    input, output, process = Open3.popen2(*args)
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

  def cpu_seconds
    Process.clock_gettime(Process::CLOCK_PROCESS_CPUTIME_ID)
  end

  def wall_seconds
    Process.clock_gettime(Process::CLOCK_MONOTONIC)
  end

  def machine
    "Ruby #{RUBY_VERSION}, #{Etc.nprocessors} cores, ZCRMSDK #{ZCRMSDK::VERSION}"
  end
end
