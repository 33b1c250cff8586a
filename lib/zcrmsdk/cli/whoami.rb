# frozen_string_literal: true

module ZCRMSDK
  class CLI
    # `zcrm whoami`: the user the settings act as, their org and data centre.
    class Whoami < ZohoCommand
      SUMMARY = 'show the current user, their org and data centre'
      USAGE = 'zcrm whoami [--json] [settings]'

      # Accounts server host => Zoho's name for the data centre.
      DATA_CENTRES = {
        'accounts.zoho.com' => 'us', 'accounts.zoho.eu' => 'eu', 'accounts.zoho.in' => 'in',
        'accounts.zoho.com.au' => 'au', 'accounts.zoho.com.cn' => 'cn', 'accounts.zoho.jp' => 'jp',
        'accounts.zohocloud.ca' => 'ca', 'accounts.zoho.sa' => 'sa', 'accounts.zoho.uk' => 'uk',
        'accounts.zoho.ae' => 'ae'
      }.freeze
      DEFAULT_ACCOUNTS_URL = 'https://accounts.zoho.com'

      private

      def options(parser)
        parser.on('--json', 'print one JSON object instead of text') { @json = true }
        super
      end

      def execute(args)
        no_more_arguments!(args)
        connect!
        identity = describe(current_user!)
        @io.out.puts(@json ? JSON.generate(identity) : text(identity))
        0
      end

      def describe(email)
        client = RestClient::ZCRMRestClient.get_instance
        user = client.get_current_user.data.first
        org = client.get_organization_details.data
        accounts_server = stored_tokens(email)&.accounts_server || @settings.fetch('accounts_url', DEFAULT_ACCOUNTS_URL)
        { 'user' => { 'name' => user.full_name, 'id' => user.id, 'email' => user.email },
          'org' => { 'name' => org.company_name, 'id' => org.org_id },
          'dc' => data_centre(accounts_server), 'accounts_server' => accounts_server }
      end

      # The tokens tell which accounts server issued them (another data centre's, for a
      # multi-DC sign-in); only that is read from them.
      def stored_tokens(email)
        OAuthClient::ZohoOAuth.get_persistence_instance.get_oauth_tokens(email)
      rescue ZCRMSDK::Error
        nil
      end

      def data_centre(accounts_server)
        host = URI(accounts_server.to_s).host.to_s
        DATA_CENTRES.fetch(host, host)
      rescue URI::InvalidURIError
        accounts_server.to_s
      end

      def text(identity)
        user = identity['user']
        org = identity['org']
        <<~TEXT
          user: #{user['name']} <#{user['email']}> (id #{user['id']})
          org:  #{org['name']} (id #{org['id']})
          dc:   #{identity['dc']} (#{identity['accounts_server']})
        TEXT
      end
    end
  end
end
