# frozen_string_literal: true

require 'base64'
require 'openssl'
require 'securerandom'

module ZCRMSDK
  module WebOAuth
    # The `state` parameter: your app's user id, a random nonce and an expiry time, signed
    # with HMAC-SHA256 under your secret. Zoho sends it back unchanged, so the redirect proves
    # it continues a connection your app started, for that user, recently (OAuth's CSRF
    # defence: nobody can make your user connect someone else's Zoho account).
    #
    # @api private
    class State
      # Below this, a secret could be guessed; Rails' secret_key_base is 128 hex characters.
      MIN_SECRET_BYTES = 32
      CONTEXT = 'zcrmsdk-web-oauth-state-v1'

      def initialize(secret:, ttl: 600, clock: -> { Time.now })
        if secret.to_s.bytesize < MIN_SECRET_BYTES
          raise ConfigurationError.new('WebOAuth', "the OAuth state secret must be at least #{MIN_SECRET_BYTES} bytes " \
                                                   '(Rails.application.secret_key_base, or SecureRandom.hex(32) kept ' \
                                                   'in your credentials)', 'secret', 'error')
        end

        @secret = secret.to_s
        @ttl = Integer(ttl)
        @clock = clock
      end

      # A fresh signed state for `user_id` (your app's id of the signed-in user).
      def issue(user_id)
        payload = [encode(user_id.to_s), SecureRandom.urlsafe_base64(16), @clock.call.to_i + @ttl].join('.')
        "#{payload}.#{sign(payload)}"
      end

      # What a verified state says: the user id it was issued for, its nonce and its expiry.
      Verified = Struct.new(:user_id, :nonce, :expires_at)

      # The Verified `state`; raises ConnectError (:invalid_state or :expired_state)
      # otherwise. The signature is compared in constant time.
      def verify(state)
        user, nonce, expiry, signature = state.to_s.split('.', 4)
        payload = [user, nonce, expiry].join('.')
        unless signature && OpenSSL.secure_compare(sign(payload), signature)
          raise ConnectError.new(:invalid_state, 'the OAuth state is missing or was not signed by this app: ' \
                                                 'start connecting again')
        end
        if expiry.to_i < @clock.call.to_i
          raise ConnectError.new(:expired_state, 'the Zoho consent page was left open too long: start connecting again')
        end

        Verified.new(decode(user), nonce, expiry.to_i)
      end

      # @return [Integer] now, in Unix seconds, by this state's clock
      def now
        @clock.call.to_i
      end

      private

      def sign(payload)
        Base64.urlsafe_encode64(OpenSSL::HMAC.digest('SHA256', @secret, "#{CONTEXT}|#{payload}"), padding: false)
      end

      def encode(text)
        Base64.urlsafe_encode64(text, padding: false)
      end

      def decode(text)
        Base64.urlsafe_decode64(text).force_encoding(Encoding::UTF_8)
      end
    end
  end
end
