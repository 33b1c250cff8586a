# frozen_string_literal: true

require 'json'
require 'openssl'

module ZCRMSDK
  module Notifications
    # A Rack app that receives Zoho's notifications (a POST of JSON to a channel's notify
    # URL) and hands each to your code as a {Event}, after answering Zoho. Plain Rack
    # (`call(env)`): mount it in Rails, or run it under any Rack server. The gem does not
    # depend on rack.
    #
    #   # config/routes.rb
    #   mount ZCRMSDK::Notifications::Receiver.new(channels: { '1000000068001' => ENV.fetch('ZOHO_CHANNEL_TOKEN') }) { |event|
    #     LeadSync.call(event.module_name, event.operation, event.ids)
    #   } => '/zoho/notifications'
    #
    # A notification is accepted (200) only when its channel is one of `channels` and its
    # `token` is that channel's (compared in constant time). Otherwise:
    #
    # | answer | when |
    # |---|---|
    # | 405 | not a POST |
    # | 413 | a body over `max_body_bytes` |
    # | 400 | not a JSON object, or without channel_id, module, operation, ids or server_time |
    # | 403 | an unknown channel, or a wrong or missing token |
    # | 409 | the same notification again (channel, server_time, operation, module, ids), or a server_time further than `replay_window` from now |
    # | 503 | the background queue is full (nothing is lost silently) |
    #
    # Accepted events go to the block (or `handler:`) on a bounded background queue
    # ({BackgroundQueue}), or to `executor:` (any `#call(event)`, such as
    # `->(event) { ZohoNotificationJob.perform_later(event.to_h) }`), called before answering,
    # so it must only enqueue. The token is never logged, nor kept in the Event.
    class Receiver
      # Zoho's callback bodies are small (ids of one request's records).
      MAX_BODY_BYTES = 1_048_576

      # @param channels [Hash{String, Integer => String}, #call] channel_id → its token, or a
      #   callable taking the channel_id (a String) and returning its token (nil: unknown)
      # @param handler [#call, nil] called with each Event on a background thread (or the block)
      # @param executor [#call, nil] instead of a handler: called with each Event before answering
      # @param queue_size [Integer] events the background queue holds at most
      # @param workers [Integer] background threads calling the handler
      # @param replay_window [Numeric] seconds a notification counts as fresh, and a repeat as a replay
      # @param remember [Integer] notifications remembered at most, to spot replays
      # @param max_body_bytes [Integer] larger bodies are refused (413)
      # @param on_error [#call, nil] called with (exception, event) when the handler raises
      # @param logger [Logger, nil] refusals (never the token) and handler failures
      # @param clock [#call] the current Time (tests pass their own)
      # @yieldparam event [ZCRMSDK::Notifications::Event] on a background thread
      # @raise [ArgumentError] no handler and no executor, both, or bad settings
      def initialize(channels:, handler: nil, executor: nil, queue_size: 1_000, workers: 1, replay_window: 300,
                     remember: 10_000, max_body_bytes: MAX_BODY_BYTES, on_error: nil, logger: nil,
                     clock: -> { Time.now }, &block)
        handler ||= block
        if handler.nil? == executor.nil?
          raise ArgumentError, 'give the Receiver either a handler (a block or handler:) or an executor:, not both'
        end

        @tokens = token_lookup(channels)
        @executor = executor || BackgroundQueue.new(handler, size: queue_size, workers: workers, on_error: on_error,
                                                             logger: logger)
        @replays = ReplayGuard.new(window: replay_window, capacity: remember, clock: clock)
        @max_body_bytes = max_body_bytes
        @logger = logger
      end

      # The Rack entry point.
      # @param env [Hash{String => Object}] the Rack environment
      # @return [Array(Integer, Hash{String => String}, Array<String>)]
      def call(env)
        return answer(405, 'only POST is accepted', 'allow' => 'POST') unless env['REQUEST_METHOD'] == 'POST'

        body = read(env['rack.input'])
        return answer(413, "the body is over #{@max_body_bytes} bytes") if body.nil?

        receive(body)
      end

      # Waits for the background queue to drain, then stops its threads (at exit, or in tests).
      # @param timeout [Numeric, nil] seconds to wait at most
      # @return [Boolean] whether every queued event was handled in time
      def shutdown(timeout = nil)
        @executor.respond_to?(:shutdown) ? @executor.shutdown(timeout) : true
      end

      # @return [String] without the channels' tokens
      def inspect
        "#<#{self.class.name} executor=#{@executor.class.name}>"
      end

      private

      def receive(body)
        json = parse(body)
        return answer(400, 'the body is not a JSON object') unless json

        event = begin
          Event.from_callback(json)
        rescue ArgumentError => e
          return answer(400, "not a Zoho notification: #{e.message}")
        end
        return refuse(403, 'unknown channel', event) unless (token = @tokens.call(event.channel_id))
        return refuse(403, 'wrong token', event) unless same_token?(token, json['token'])

        dispatch(event)
      end

      def dispatch(event)
        case @replays.admit(event)
        when :replayed then refuse(409, 'already received', event)
        when :stale then refuse(409, 'server_time is outside the replay window', event)
        else
          return answer(200, 'received') if hand_over(event)

          refuse(503, 'the queue is full', event, 'retry-after' => '5')
        end
      end

      # Gives the event to the executor; an event it did not take (false, or an exception) is
      # forgotten, so that the same notification sent again is not refused as a replay.
      def hand_over(event)
        taken = false
        taken = @executor.call(event) != false
      ensure
        @replays.forget(event) unless taken
      end

      def token_lookup(channels)
        return channels if channels.respond_to?(:call) && !channels.is_a?(Hash)
        raise ArgumentError, 'channels must be a Hash of channel_id => token, or a callable' unless channels.is_a?(Hash)

        tokens = channels.to_h { |id, token| [id.to_s, token] }
        blank = tokens.select { |_, token| !token.is_a?(String) || token.empty? }.keys
        raise ArgumentError, "channels #{blank.join(', ')} have no token: enable them with one and list it here" if blank.any?

        tokens.freeze.method(:[])
      end

      # A constant-time comparison: how long it takes says nothing about the expected token.
      def same_token?(expected, given)
        given.is_a?(String) && OpenSSL.secure_compare(expected.to_s, given)
      end

      def read(input)
        return '' if input.nil?

        body = input.read(@max_body_bytes + 1).to_s
        input.rewind if input.respond_to?(:rewind)
        body.bytesize > @max_body_bytes ? nil : body
      end

      def parse(body)
        json = JSON.parse(body, max_nesting: 10)
        json.is_a?(Hash) ? json : nil
      rescue JSON::ParserError
        nil
      end

      def refuse(status, reason, event, headers = {})
        @logger&.warn("ZCRMSDK refused a notification (#{status}, #{reason}): channel #{event.channel_id}, " \
                      "#{event.module_name} #{event.operation} #{event.ids.size} id(s)")
        answer(status, reason, headers)
      end

      def answer(status, message, headers = {})
        body = JSON.generate(status < 300 ? { 'status' => message } : { 'error' => message })
        [status, { 'content-type' => 'application/json' }.merge(headers), [body]]
      end
    end
  end
end
