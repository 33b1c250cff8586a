# frozen_string_literal: true

module ZCRMSDK
  module WebOAuth
    # Why connecting a Zoho account did not happen. `reason` is one of:
    #
    # * :access_denied - the user clicked "Reject" on Zoho's page (or Zoho refused: Zoho's
    #   `error` parameter is in `zoho_error`)
    # * :invalid_state - `state` is missing or was not signed with your secret (a forged or
    #   mangled link): do not retry, start over
    # * :expired_state - the consent page was left open longer than `state_ttl`: start over
    # * :replayed_state - this state already completed a connection (a redirect URL used
    #   twice, or replayed from a log): start over
    # * :wrong_user - the link was made for another user of your app than the one signed in
    # * :missing_code - the redirect brought neither a code nor an error
    # * :untrusted_accounts_server - the redirect names an accounts server that is not Zoho's
    #   nor in `trusted_accounts_servers`; nothing was sent there
    # * :exchange_failed - Zoho refused the code (used, expired...); `cause` is the OAuthError
    class ConnectError < StandardError
      include ZCRMSDK::Error

      REASONS = %i[access_denied invalid_state expired_state replayed_state wrong_user missing_code
                   untrusted_accounts_server exchange_failed].freeze

      attr_reader :reason, :zoho_error

      def initialize(reason, message, zoho_error: nil)
        raise ArgumentError, "unknown reason #{reason.inspect}" unless REASONS.include?(reason)

        @reason = reason
        @zoho_error = zoho_error
        super(message)
      end
    end
  end
end
