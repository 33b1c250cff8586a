# frozen_string_literal: true

namespace :zoho do
  desc 'Exchange a grant token for Zoho tokens, kept in the configured token store: ' \
       'bin/rails zoho:connect GRANT_TOKEN=1000.xxxx'
  task connect: :environment do
    grant_token = ENV['GRANT_TOKEN'].to_s.strip
    if grant_token.empty?
      abort 'zoho:connect needs GRANT_TOKEN=...: a grant token from https://api-console.zoho.com ' \
            '(Self Client, scope ZohoCRM.modules.ALL,ZohoCRM.users.READ,AaaServer.profile.Read), or the ' \
            '"grant_token" that `zcrm emulator` printed'
    end

    tokens = ZCRMSDK.client.generate_access_token(grant_token)
    puts "Connected Zoho as #{tokens.user_identifier} (#{ZCRMSDK.client.persistence.class.name})"
  end
end
