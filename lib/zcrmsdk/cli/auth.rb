# frozen_string_literal: true

require 'securerandom'
require 'io/console'
require_relative 'loopback_redirect'

module ZCRMSDK
  class CLI
    # `zcrm auth`: generates and stores the tokens of a user, once per user and client.
    #
    # * `zcrm auth GRANT_TOKEN` (or the token on stdin, or typed at a hidden prompt): exchanges
    #   a grant token made in the API console's Self Client;
    # * `zcrm auth --web`: prints the authorization URL, waits for Zoho's redirect on
    #   http://127.0.0.1:PORT/callback and exchanges the code it brings, at the data centre
    #   it names (`accounts-server`).
    class Auth < ZohoCommand
      SUMMARY = 'generate and store tokens from a grant token (Self Client), or with --web through a browser'
      USAGE = "zcrm auth [GRANT_TOKEN | --grant-token TOKEN] [settings]    (no token: read from stdin)\n" \
              '       zcrm auth --web [--port N] [--scope SCOPES] [settings]'
      DEFAULT_PORT = 8765
      DEFAULT_SCOPE = 'ZohoCRM.modules.ALL,ZohoCRM.users.ALL,ZohoCRM.org.ALL,ZohoCRM.settings.ALL,AaaServer.profile.Read'
      DEFAULT_WAIT = 300 # seconds

      def initialize(io, env)
        super
        @port = DEFAULT_PORT
        @scope = DEFAULT_SCOPE
        @wait = DEFAULT_WAIT
      end

      private

      def options(parser)
        parser.on('--grant-token TOKEN', 'the grant token (or give it as the argument, or on stdin)') { |t| @grant = t }
        parser.separator('')
        parser.separator('With --web (a client whose redirect URI is http://127.0.0.1:PORT/callback):')
        parser.on('--web', 'sign in through a browser instead of with a grant token') { @web = true }
        parser.on('--port N', Integer, "the redirect URI's loopback port (#{DEFAULT_PORT}; 0: any free one)") { |p| @port = p }
        parser.on('--scope SCOPES', 'comma-separated scopes to ask for (default: CRM modules, users,',
                  'org, settings and AaaServer.profile.Read)') { |s| @scope = s }
        parser.on('--wait SECS', Integer, "how long to wait for the redirect (#{DEFAULT_WAIT})") { |s| @wait = s }
        super
      end

      def execute(args)
        grant = [@grant, *args].compact
        raise UsageError, 'give one grant token' if grant.size > 1
        raise UsageError, '--web signs in through a browser: it takes no grant token' if @web && grant.any?

        @web ? web_sign_in : sign_in(grant.first || read_grant)
      end

      def sign_in(grant)
        @secrets << grant
        connect!
        stored(exchange(grant))
      end

      # The Self Client flow: the grant token from stdin, typed without echo on a terminal.
      def read_grant
        grant = if @io.in.tty?
                  @io.err.print('Grant token (input hidden): ')
                  @io.in.noecho(&:gets).tap { @io.err.puts }
                else
                  @io.in.gets
                end
        grant = grant.to_s.strip
        raise UsageError, 'no grant token: give it as the argument, with --grant-token, or on stdin' if grant.empty?

        grant
      end

      def web_sign_in
        redirect = LoopbackRedirect.new(@port)
        connect!('redirect_uri' => redirect.uri)
        state = SecureRandom.urlsafe_base64(24)
        @io.out.puts('Open this URL in a browser and accept:', "  #{authorization_url(redirect.uri, state)}",
                     "Waiting for Zoho's redirect to #{redirect.uri} ...")
        @io.out.flush
        callback = redirect.receive(state: state, timeout: @wait)
        stored(exchange_callback(callback))
      ensure
        redirect&.close
      end

      def authorization_url(redirect_uri, state)
        query = URI.encode_www_form(scope: @scope, client_id: @settings['client_id'], response_type: 'code',
                                    access_type: 'offline', prompt: 'consent', redirect_uri: redirect_uri, state: state)
        "#{OAuthClient::ZohoOAuth.get_grant_url}?#{query}"
      end

      # Exchanges the code of the redirect and tells the browser how it went.
      def exchange_callback(callback)
        code = callback.params['code'].to_s
        @secrets << code unless code.empty?
        tokens = exchange(code, callback.params['accounts-server'], refusal: callback.params['error'])
        callback.answer("Signed in to Zoho CRM as #{tokens.user_identifier}. You can close this tab.")
        tokens
      rescue ZCRMSDK::Error => e
        callback.answer("Sign-in failed: #{Secrets.filter_text(e.message, secrets)} See the terminal; you can close this tab.",
                        status: 400)
        raise
      end

      def exchange(grant, accounts_server = nil, refusal: nil)
        raise OAuthError.new('auth', "Zoho did not authorize: #{refusal}", refusal) if refusal

        OAuthClient::ZohoOAuth.get_client_instance.generate_access_token(grant, accounts_server: accounts_server)
      end

      def stored(tokens)
        email = tokens.user_identifier
        @io.out.puts("Tokens stored for #{email}.")
        if email != @settings['current_user_email']
          @io.out.puts("Act as this user with --user #{email}, or export ZOHO_CURRENT_USER_EMAIL=#{email}")
        end
        0
      end
    end
  end
end
