# frozen_string_literal: true

require 'time'
require_relative 'notifications/channel'
require_relative 'notifications/event'
require_relative 'notifications/background_queue'
require_relative 'notifications/replay_guard'
require_relative 'notifications/receiver'

module ZCRMSDK
  # Zoho CRM's instant notifications (API v2 `actions/watch`): channels that make Zoho POST
  # to your URL when records of a module are created, edited or deleted, and
  # {Notifications::Receiver}, the Rack app that takes those POSTs.
  #
  #   ZCRMSDK::Notifications.enable(channel_id: 1_000_000_068_001, events: %w[Deals.all Leads.create],
  #                                 notify_url: 'https://example.com/zoho/notifications',
  #                                 token: ENV.fetch('ZOHO_CHANNEL_TOKEN'))
  #
  # Zoho keeps a channel at most one day; {.renew} (from a cron or Sidekiq job) keeps channels
  # alive. Every method acts through the client selected on the thread (see
  # {ZCRMSDK::Client#notifications} for one client).
  #
  # Zoho's pages: https://www.zoho.com/crm/developer/docs/api/v2/notifications/overview.html
  # (enable.html, get-details.html, update-details.html, specific-disable.html, disable.html).
  module Notifications
    # Zoho keeps a channel at most this long after enabling it; a later expiry (or none)
    # silently becomes one hour (enable.html), so a later one is refused here.
    MAX_LIFETIME = 86_400
    # What {.renew} asks for: a day, less five minutes for clocks that disagree with Zoho's.
    RENEWED_LIFETIME = MAX_LIFETIME - 300
    # How close to its expiry {.renew} renews a channel by default.
    RENEW_WITHIN = 3_600
    # What an event names after the module: `Deals.create` (enable.html).
    OPERATIONS = %w[create edit delete all].freeze

    module_function

    # Enables a channel: Zoho POSTs to `notify_url` whenever a record of a watched module is
    # created, edited or deleted. Enabling a channel_id again adds the events.
    # @param channel_id [Integer, String] a number you choose to name the channel
    # @param events [Array<String>] `"Module_API_Name.operation"`, operation create, edit,
    #   delete or all ('Deals.all', 'Leads.create')
    # @param notify_url [String] the http(s) URL of your {Receiver}
    # @param token [String, nil] at most 50 characters, sent back with every notification
    #   (your Receiver refuses notifications without the right one)
    # @param expires_at [Time, nil] at most one day ahead; nil: one hour (Zoho's default)
    # @return [Array<ZCRMSDK::Notifications::Channel>] one per module
    # @raise [ArgumentError] a bad channel_id, events or expires_at (nothing sent)
    # @raise [ZCRMSDK::ValidationError] a token over 50 characters, a notify_url that is not
    #   http(s) (nothing sent)
    # @raise [ZCRMSDK::InvalidRequestError] Zoho refused the channel (`exception_code` says why)
    # @raise [ZCRMSDK::ZCRMException] another error answer, or NetworkError, TimeoutError
    def enable(channel_id:, events:, notify_url:, token: nil, expires_at: nil)
      write('notifications.enable', channel_id, events, notify_url, token, expires_at)
    end

    # Replaces a channel's settings: what is not given (events, token, expiry) is gone.
    # @param channel_id [Integer, String]
    # @param events [Array<String>] the events it watches from now on
    # @param notify_url [String]
    # @param token [String, nil]
    # @param expires_at [Time, nil] at most one day ahead; nil: one hour
    # @return [Array<ZCRMSDK::Notifications::Channel>] one per module
    # @raise [ArgumentError] a bad channel_id, events or expires_at (nothing sent)
    # @raise [ZCRMSDK::InvalidRequestError] Zoho refused it (an unknown channel, for one)
    # @raise [ZCRMSDK::ZCRMException] another error answer, or NetworkError, TimeoutError
    def update(channel_id:, events:, notify_url:, token: nil, expires_at: nil)
      write('notifications.update', channel_id, events, notify_url, token, expires_at)
    end

    # The live channels, one entry per channel and module, every page fetched.
    # @param channel_id [Integer, String, nil] only this channel
    # @param module_name [String, nil] only channels watching this module
    # @return [Array<ZCRMSDK::Notifications::Channel>] empty when none is enabled
    # @raise [ZCRMSDK::ZCRMException] Zoho's error answer, or NetworkError, TimeoutError
    def channels(channel_id: nil, module_name: nil)
      args = { 'channel_id' => channel_id&.to_s, 'module' => module_name }
      fetch_page = lambda do |page|
        Operations::Support.list('notifications.list', args.merge('page' => page), 'watch') do |json|
          Channel.from_listing(json)
        end
      end
      [].tap { |all| Operations::Pagination.each_entity(fetch_page, prefetch: false) { |channel| all << channel } }
    end

    # Stops some events of a channel; a channel left with none is disabled.
    # @param channel_id [Integer, String]
    # @param events [Array<String>] ('Deals.edit')
    # @return [Array<ZCRMSDK::Notifications::Channel>] the channel's remaining modules, as listed now
    # @raise [ArgumentError] a bad channel_id or events (nothing sent)
    # @raise [ZCRMSDK::InvalidRequestError] Zoho refused it (an unknown channel, for one)
    # @raise [ZCRMSDK::ZCRMException] another error answer, or NetworkError, TimeoutError
    def disable_events(channel_id, events)
      id = channel_id!(channel_id)
      raw = Internal.call('notifications.disable_events', { 'channel_id' => id, 'events' => events!(events) })
      results!(raw)
      channels(channel_id: id)
    end

    # Disables channels: Zoho stops notifying them.
    # @param channel_ids [Array<Integer, String>]
    # @return [Array<String>] the channel ids disabled
    # @raise [ArgumentError] no channel id, or a bad one (nothing sent)
    # @raise [ZCRMSDK::InvalidRequestError] Zoho refused one (an unknown channel, for one)
    # @raise [ZCRMSDK::ZCRMException] another error answer, or NetworkError, TimeoutError
    def disable(*channel_ids)
      ids = channel_ids.flatten.map { |id| channel_id!(id) }
      raise ArgumentError, 'disable needs at least one channel id' if ids.empty?

      results!(Internal.call('notifications.disable', { 'channel_ids' => ids }))
      ids.uniq
    end

    # Renews every channel that expires within `within` seconds: each is updated with the
    # events, URL and token Zoho lists for it and a new expiry `lifetime` seconds from now.
    # Run it more often than `within` (an hourly job with the default, see the README), so
    # that no channel lapses between two runs.
    # @param within [Numeric] renew channels expiring this soon (seconds)
    # @param lifetime [Numeric] the new expiry, in seconds from now (at most a day)
    # @param now [Time] the time the job runs
    # @return [Array<ZCRMSDK::Notifications::Channel>] the renewed channels, one per module
    # @raise [ArgumentError] a lifetime over a day
    # @raise [ZCRMSDK::ZCRMException] Zoho's error answer, or NetworkError, TimeoutError
    def renew(within: RENEW_WITHIN, lifetime: RENEWED_LIFETIME, now: Time.now)
      expires_at = expiry!(now + lifetime, now)
      due = channels.group_by(&:channel_id).values.select { |parts| parts.any? { |c| c.expires_within?(within, now: now) } }
      due.flat_map do |parts|
        first = parts.first
        update(channel_id: first.channel_id, events: parts.flat_map(&:events).uniq, notify_url: first.notify_url,
               token: first.token, expires_at: expires_at)
      end
    end

    # @api private
    def write(operation, channel_id, events, notify_url, token, expires_at)
      watch = { 'channel_id' => channel_id!(channel_id), 'events' => events!(events), 'notify_url' => notify_url,
                'token' => token, 'channel_expiry' => expires_at && zoho_time(expiry!(expires_at, Time.now)) }.compact
      results!(Internal.call(operation, { 'watch' => [watch] })).flat_map do |result|
        Array(result.dig('details', 'events')).map { |json| Channel.from_answer(json, watch) }
      end
    end

    # The per-channel results of an answer; the first error among them raises.
    # @api private
    def results!(raw)
      results = Array((raw.json || {})['watch'])
      failed = results.find { |result| result['status'] == 'error' }
      return results unless failed

      raise InvalidRequestError.new(raw.url, raw.status, failed['message'], failed['code'], failed['details'])
    end

    # @api private
    def channel_id!(value)
      text = value.to_s
      return text if (value.is_a?(Integer) || value.is_a?(String)) && text.match?(/\A\d+\z/)

      raise ArgumentError, "channel_id must be a number you choose (an Integer or a String of digits), got #{value.inspect}"
    end

    # @api private
    def events!(events)
      list = Array(events)
      wrong = list.reject { |event| event.is_a?(String) && event.match?(/\A[^.\s]+\.(#{OPERATIONS.join('|')})\z/) }
      return list if !list.empty? && wrong.empty?

      raise ArgumentError, 'events must be a non-empty Array of "Module_API_Name.operation" Strings, operation one of ' \
                           "#{OPERATIONS.join(', ')} (e.g. 'Deals.create'); got #{events.inspect}"
    end

    # @api private
    def expiry!(value, now)
      time = value.respond_to?(:to_time) ? value.to_time : value
      raise ArgumentError, "expires_at must be a Time, got #{value.inspect}" unless time.is_a?(Time)
      raise ArgumentError, "expires_at (#{time.iso8601}) is in the past" if time <= now
      return time if time <= now + MAX_LIFETIME

      raise ArgumentError, "expires_at (#{time.iso8601}) is more than a day ahead: Zoho keeps a channel at most one " \
                           'day and would silently make it expire in one hour. Renew it instead (ZCRMSDK::Notifications.renew)'
    end

    # ISO 8601 with an explicit offset, as Zoho writes times (no fractions).
    # @api private
    def zoho_time(time)
      time.getlocal('+00:00').iso8601
    end

    private_class_method :write, :results!, :channel_id!, :events!, :expiry!, :zoho_time
  end
end

module ZCRMSDK
  module Notifications
    # {ZCRMSDK::Notifications} through one client: what {ZCRMSDK::Client#notifications}
    # returns. Each method is the module's, run with that client selected.
    class ForClient
      # @param client [ZCRMSDK::Client]
      def initialize(client)
        @client = client
      end

      # @!method enable(**channel)
      #   {ZCRMSDK::Notifications.enable} through this client.
      #   @param channel [Hash{Symbol => Object}] channel_id:, events:, notify_url:, token:, expires_at:
      #   @return [Array<ZCRMSDK::Notifications::Channel>]
      # @!method update(**channel)
      #   {ZCRMSDK::Notifications.update} through this client.
      #   @param channel [Hash{Symbol => Object}] channel_id:, events:, notify_url:, token:, expires_at:
      #   @return [Array<ZCRMSDK::Notifications::Channel>]
      # @!method channels(**filters)
      #   {ZCRMSDK::Notifications.channels} through this client.
      #   @param filters [Hash{Symbol => Object}] channel_id:, module_name:
      #   @return [Array<ZCRMSDK::Notifications::Channel>]
      # @!method disable_events(channel_id, events)
      #   {ZCRMSDK::Notifications.disable_events} through this client.
      #   @param channel_id [Integer, String]
      #   @param events [Array<String>]
      #   @return [Array<ZCRMSDK::Notifications::Channel>]
      # @!method disable(*channel_ids)
      #   {ZCRMSDK::Notifications.disable} through this client.
      #   @param channel_ids [Array<Integer, String>]
      #   @return [Array<String>]
      # @!method renew(**options)
      #   {ZCRMSDK::Notifications.renew} through this client.
      #   @param options [Hash{Symbol => Object}] within:, lifetime:, now:
      #   @return [Array<ZCRMSDK::Notifications::Channel>]
      %i[enable update channels disable_events disable renew].each do |name|
        define_method(name) do |*args, **options|
          @client.use { Notifications.public_send(name, *args, **options) }
        end
      end

      # @return [String]
      def inspect
        "#<#{self.class.name} #{@client.inspect}>"
      end
    end
  end
end
