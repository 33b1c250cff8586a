# frozen_string_literal: true

module ZCRMSDK
  module WebOAuth
    # A Zoho account connected: which of your users connected it (`app_user_id`, as given to
    # Flow#authorization_url, a String), the Zoho user it belongs to (`zoho_email`: the key
    # its tokens are stored under; pass it to ZCRMRestClient.with_user for API calls), its
    # data centre (`location`, `accounts_server`) and the tokens themselves.
    Connection = Struct.new(:app_user_id, :zoho_email, :location, :tokens, keyword_init: true) do
      # @return [String, nil] the accounts server that issued the tokens (nil: the configured one)
      def accounts_server
        tokens.accounts_server
      end

      # Shows who connected which Zoho account, never the tokens.
      # @return [String]
      def inspect
        "#<ZCRMSDK::WebOAuth::Connection app_user_id=#{app_user_id.inspect} zoho_email=#{zoho_email.inspect} " \
          "location=#{location.inspect}>"
      end
      alias_method :to_s, :inspect
    end
  end
end
