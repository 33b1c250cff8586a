# frozen_string_literal: true

# Zoho CRM notifications end to end, against the local Zoho emulator (no network, no Zoho
# account): a Receiver served by WEBrick, a channel enabled for Leads, a lead created, updated
# and deleted through the API, and the events the Receiver hands over.
#
#   ruby -Ilib examples/notifications.rb
#
# Needs the rack and webrick libraries (Debian: ruby-rack, ruby-webrick; or gems) for the web
# server only: the gem itself does not depend on them.

require 'ZCRMSDK'
require 'zcrmsdk/testing'
require 'timeout'
require 'webrick'
require 'rack'
require 'rack/handler/webrick'

emulator = ZCRMSDK::Testing::Emulator.start
ZCRMSDK::Testing.sign_in(emulator)

token = 'example-channel-token'
events = Queue.new
receiver = ZCRMSDK::Notifications::Receiver.new(channels: { '1000000068001' => token }) { |event| events << event }
server = WEBrick::HTTPServer.new(BindAddress: '127.0.0.1', Port: 0, Logger: WEBrick::Log.new(File::NULL), AccessLog: [])
server.mount('/zoho/notifications', Rack::Handler::WEBrick, receiver)
Thread.new { server.start }
notify_url = "http://127.0.0.1:#{server.config[:Port]}/zoho/notifications"

channels = ZCRMSDK::Notifications.enable(channel_id: 1_000_000_068_001, events: %w[Leads.all], notify_url: notify_url,
                                         token: token, expires_at: Time.now + 600)
puts "enabled: #{channels.map(&:inspect).join(', ')}"

leads = ZCRMSDK::Operations::ZCRMModule.get_instance('Leads')
record = ZCRMSDK::Operations::ZCRMRecord.get_instance('Leads')
record['Last_Name'] = 'Flanders'
id = leads.create_records([record]).bulk_entity_response.first.details['id']
record = ZCRMSDK::Operations::ZCRMRecord.get_instance('Leads', id)
record['Email'] = 'ned@example.com'
record.update
record.delete

3.times do
  event = Timeout.timeout(10) { events.pop }
  puts "received: #{event.module_name} #{event.operation} #{event.ids.join(',')} #{event.affected_fields}"
end

puts "renewed: #{ZCRMSDK::Notifications.renew(within: 3600).map(&:channel_id).uniq.inspect}"
puts "disabled: #{ZCRMSDK::Notifications.disable(1_000_000_068_001).inspect}"
server.shutdown
receiver.shutdown(5)
emulator.stop
