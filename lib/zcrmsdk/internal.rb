# frozen_string_literal: true

module ZCRMSDK
  # The plumbing between the public classes and the native engine. Not part of the 1.0.x
  # surface; its shape may change between minor versions.
  #
  # @api private
  module Internal
    # One CRM answer: what `Internal.call` returns to the entity classes.
    class RawResponse
      attr_reader :operation, :status, :body, :url, :api_key, :kind

      # `native` is the engine's answer array; an eighth element (the metadata cache's
      # outcome, see Internal.call) is not part of the response. `layout`, a
      # Native::PageLayout, says where a record list's records are in the body.
      def self.from_native(operation, native)
        new(operation, native)
      end

      # Kept as the engine's Array, unpacked here (no keyword Hash): one is made per call.
      def initialize(operation, (status, header_pairs, body, url, api_key, kind, layout))
        @operation = operation
        @status = status
        @headers = header_pairs
        @body = body
        @url = Secrets.filter_text(url)
        @api_key = api_key
        @kind = kind
        @layout = layout
      end

      # Lower-case names to Arrays of values (an unknown name reads as []). Given as
      # `[name, value]` pairs (the engine's Native::Pairs, or an Array), they are grouped when
      # first asked for: most calls never look at them.
      def headers
        return @headers if @headers.is_a?(Hash)

        @headers = @headers.to_a.each_with_object(Hash.new { |h, k| h[k] = [] }) { |(k, v), h| h[k] << v }
      end

      # The parsed body; `{}` for 204, 304 and downloads.
      def json
        @json ||= parse_json
      end

      # Record lists opt in (Support.records): the list under `api_key` is kept as JSON text
      # in a Native::RecordPage, and each record is built when first looked at (see
      # ZCRMRecord). Not for a body that is no such list, or one that carries write results
      # (1.0.x turned those into EntityResponses): the engine gives no layout for those, so
      # `record_page` stays nil and `json` is read as usual.
      def read_records_lazily
        @record_page ||= @layout && Native::RecordPage.new(body, @layout)
        self
      end

      attr_reader :record_page

      def inspect
        "#<#{self.class.name} #{operation} #{status} #{url}>"
      end

      private

      # Parsed by the native extension in one pass, Hash keys interned (a page of records
      # repeats the same field names); what JSON.parse would give, or {} when not JSON.
      def parse_json
        return {} if kind == 'file' || body.nil? || body.empty?

        Native.parse_json(body) || {}
      end
    end

    # A configured native engine plus the Ruby-side logging around each call.
    class Engine
      include Secrets::Inspect

      attr_reader :configuration, :log, :native

      def initialize(configuration)
        @configuration = configuration
        @log = Log.build(configuration)
        RealZohoGuard.apply
        bridge = configuration.handler_class && Persistence::HandlerBridge.new(configuration.handler_class)
        @native = Native::Engine.new(configuration.pairs, bridge)
        configuration.unknown_keys.each { |key| @log.warn("ZCRMSDK ignored the unknown configuration key '#{key}'") }
      end

      # Calls a native method; logs and instruments the requests it made, even when it raises.
      # `operation` names the call in events: the CRM operation ('records.list'...), else the
      # method.
      def invoke(name, *args, operation: name)
        result, records = native.public_send(name, *args)
        report(operation, records)
        result
      rescue ZCRMSDK::Error => e
        report(operation, e.requests)
        log.exception(e) unless Internal.expected?(e)
        cause = e.instance_variable_get(:@callback_cause)
        cause ? raise(e, cause: cause) : raise
      end

      def settings
        native.settings
      end

      # How many records page_token reaches with the configured API version; nil where it
      # has no tokens (see Pagination::RecordListDepth).
      def page_token_limit
        native.page_token_limit
      end

      # Forgets the metadata answers this engine cached (see "Metadata cache" in the README).
      def clear_metadata_cache
        native.clear_metadata_cache
        nil
      end

      # The requests of a call an interrupt cancelled (see Internal.report_interrupted).
      def report_interrupted(records)
        report(:interrupted, records)
        records.each do |record|
          next unless record[:failure] == INTERRUPTED && record[:writes]

          log.warn("ZCRMSDK #{record[:method]} #{record[:url]} was interrupted while in flight: Zoho may " \
                   'have acted on it. It was not sent again; check before retrying it')
        end
      end

      private

      def inspect_fields
        { persistence: settings['persistence'], configuration: configuration }
      end

      # `records`: an Array of Hashes, or the engine's Native::Requests, which builds them
      # only when a logger or a subscriber will read them.
      def report(name, records)
        return if records.empty? || !(log.requests? || Instrumentation.enabled?)

        records = records.to_a
        log.requests(records)
        Instrumentation.publish(name, records)
      end
    end

    MUTEX = Mutex.new
    private_constant :MUTEX
    # The `failure` of a request whose call was cancelled by an interrupt while it was in flight.
    INTERRUPTED = 'interrupted'

    class << self
      # Configures the default engine: the one 1.0.x's globals and ZCRMSDK.configure use.
      def configure(configuration)
        engine = Engine.new(configuration)
        MUTEX.synchronize { @engine = engine }
      end

      # The engine of the client selected on this thread (`ZCRMSDK::Client#use`), else the
      # default one.
      def engine
        selected = selected_client
        selected ? selected.engine : default_engine
      end

      # Read without the lock, which only orders writers: under the GVL a reader sees the old
      # engine or the new one, never half of either, and every call reads it.
      def default_engine
        @engine
      end

      # The ZCRMSDK::Client selected on this thread, if any.
      def selected_client
        Thread.current[:zcrmsdk_client]
      end

      # Runs the block with `client` selected on this thread: the 1.0.x classes act through
      # its engine, as its user (`with_user` inside the block still applies). A `with_user`
      # around the block applies only if it was for the same client: another client's user
      # is never carried over.
      def using(client)
        previous = Thread.current[:zcrmsdk_client]
        previous_user = Thread.current[:zcrmsdk_current_user_email]
        Thread.current[:zcrmsdk_current_user_email] = nil unless (previous || Client.default).equal?(client)
        Thread.current[:zcrmsdk_client] = client
        yield
      ensure
        Thread.current[:zcrmsdk_client] = previous
        Thread.current[:zcrmsdk_current_user_email] = previous_user
      end

      # Runs the block with errors of `classes` expected: the gem handles them itself (a 204
      # that ends a listing), so they are not logged as errors.
      def expecting(*classes)
        previous = Thread.current[:zcrmsdk_expected_errors]
        Thread.current[:zcrmsdk_expected_errors] = Array(previous) + classes
        yield
      ensure
        Thread.current[:zcrmsdk_expected_errors] = previous
      end

      def expected?(error)
        Array(Thread.current[:zcrmsdk_expected_errors]).any? { |klass| error.is_a?(klass) }
      end

      # Called by the native engine while an interrupt (Timeout, Thread#raise, Ctrl-C) unwinds
      # a call, after the call was cancelled: the requests it made are logged and instrumented
      # as usual, and a write that was in flight is logged as a warning, since Zoho may have
      # acted on it.
      def report_interrupted(records)
        engine&.report_interrupted(records)
      end

      def engine!
        engine || not_initialized
      end

      def engine_of_default!
        default_engine || not_initialized
      end

      def not_initialized
        raise OAuthUtility::ZohoOAuthException.new(
          'get_client_instance',
          'ZCRMSDK::RestClient::ZCRMRestClient.init(config_details) (or ZCRMSDK.configure) must be called before this',
          'NOT INITIALIZED', 'error'
        )
      end

      # Runs one CRM API operation (see crates/zcrm-core/src/api/CATALOG.md) as the current user.
      def call(operation, args = {})
        operation = operation.to_s
        raw = engine!.invoke(:call, current_user, operation, args || {}, operation: operation)
        cache_outcome = raw[7]
        Instrumentation.metadata_cache(operation, cache_outcome) if cache_outcome
        RawResponse.from_native(operation, raw)
      end

      # Runs a download operation, streaming the file to `target`: a path (String or
      # Pathname; written to `<path>.part`, then renamed over it) or an IO (anything with
      # `write`, written at its current position; an open File is an IO, not a path).
      def download(operation, args, target)
        target = target.to_path if !target.respond_to?(:write) && target.respond_to?(:to_path)
        unless target.is_a?(String) || target.respond_to?(:write)
          raise ValidationError.new('download', 400, "to: must be a file path or an IO, not #{target.class}", 'INVALID TARGET')
        end
        if target.respond_to?(:closed?) && target.closed?
          raise ValidationError.new('download', 400, 'to: is a closed IO; open it for writing first', 'INVALID TARGET')
        end
        raw = engine!.invoke(:download, current_user, operation.to_s, args || {}, target,
                             operation: operation.to_s)
        RawResponse.from_native(operation.to_s, raw)
      end

      def current_user
        RestClient::ZCRMRestClient.acting_user_email.to_s
      end
    end
  end
end
