# frozen_string_literal: true

# Run by spec/integration/gc_stress_spec.rb in a fresh Ruby process: under GC.stress every
# allocation (Ruby's, and the engine's Rust ones, which it reports to the GC) runs a full
# collection, so the cost grows with the heap. A fresh process keeps the heap small enough
# for the scenarios to take seconds instead of the many minutes they take inside a suite that
# has loaded everything else. Prints one JSON line with what happened.
#
# ARGV: the emulator's config as JSON, a grant token, a scratch folder.
require 'json'
require 'net/http'
require 'stringio'
require 'ZCRMSDK'
require_relative '../fixtures/counting_token_store'

config = JSON.parse(ARGV.fetch(0))
grant = ARGV.fetch(1)
scratch = ARGV.fetch(2)
CountingTokenStore.reset!
ZCRMSDK::RestClient::ZCRMRestClient.init(config.merge(
  'persistence_handler_class_path' => File.expand_path('../fixtures/counting_token_store.rb', __dir__),
  'persistence_handler_class' => 'CountingTokenStore'
))
client = ZCRMSDK::RestClient::ZCRMRestClient.get_instance
lead = ZCRMSDK::Operations::ZCRMRecord.get_instance('Leads')
lead['Last_Name'] = 'Stress'
sink = StringIO.new(+'')
upload = File.join(scratch, 'note.txt')
File.write(upload, 'under stress')
result = {}

GC.stress = true
begin
  # One thread: the walkthrough with a custom handler, a streamed download and an error.
  ZCRMSDK::OAuthClient::ZohoOAuth.get_client_instance.generate_access_token(grant)
  result['email'] = client.get_current_user.data[0].email
  lead.create
  attachment = lead.upload_attachment(upload).data
  lead.download_attachment(attachment.id, to: sink)
  result['download'] = sink.string
  result['missing_status'] = begin
    client.get_organization_instance.get_user('1')
  rescue ZCRMSDK::NoContentError => e
    e.status_code
  end
  # Two threads at once through a refresh (handler lock, get, save, unlock): Zoho revoked
  # every access token (the emulator's admin endpoint, asked without GC.stress: OpenSSL in
  # Ruby under GC.stress takes minutes).
  GC.stress = false
  uri = URI("#{config['accounts_url']}/_emulator/expire_access_tokens")
  Net::HTTP.start(uri.host, uri.port, use_ssl: true, ca_file: config['ca_file']) { |http| http.post(uri.path, '') }
  GC.stress = true
  result['threads'] = Array.new(2) { Thread.new { client.get_organization_details.data.company_name } }.map(&:value)
ensure
  GC.stress = false
end
result['counts'] = CountingTokenStore.counts
puts JSON.generate(result)
