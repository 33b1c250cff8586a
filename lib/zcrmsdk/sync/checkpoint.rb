# frozen_string_literal: true

require 'json'
require 'time'

module ZCRMSDK
  class Sync
    # Where an incremental sync of one module stands: an immutable value a job persists after
    # each change it has handled (a DB column, a Redis key, a file) and resumes from.
    #
    # Zoho's times have one-second resolution and several records can share one, so a time
    # alone cannot say where to resume. A checkpoint holds, for records and for deletions,
    # the Zoho time of the last change handled and the ids handled at exactly that time:
    # the next run asks Zoho for everything from that second on (inclusive) and skips those
    # ids. Times are Zoho's own (Modified_Time, deleted_time), never the local clock.
    #
    # Persisted form (`to_h`, `to_json`; `from_h`, `parse` read it back):
    #
    #   {"version": 1, "module": "Leads",
    #    "modified_since": "2026-12-03T21:31:43+05:30", "modified_ids": ["3477061000000419001"],
    #    "deleted_since": "2026-12-03T20:02:10+05:30", "deleted_ids": ["3477061000000419005"]}
    #
    # `null` times (and empty id lists) mean "from the beginning".
    class Checkpoint
      # The version of the persisted form this gem writes and reads.
      VERSION = 1

      # @return [String] the API name of the module synced
      attr_reader :module_name
      # @return [Time, nil] the Modified_Time of the last record handled; nil: none yet
      attr_reader :modified_since
      # @return [Array<String>] the ids of the records handled at `modified_since` (frozen)
      attr_reader :modified_ids
      # @return [Time, nil] the deleted_time of the last deletion handled; nil: none yet
      attr_reader :deleted_since
      # @return [Array<String>] the ids of the deletions handled at `deleted_since` (frozen)
      attr_reader :deleted_ids

      # Reads the persisted form back (`to_h`'s Hash; String or Symbol keys).
      # @param hash [Hash, #to_h] with "module", and optionally "version" (1), "modified_since",
      #   "modified_ids", "deleted_since", "deleted_ids"
      # @return [ZCRMSDK::Sync::Checkpoint]
      # @raise [ArgumentError] another version, or a time that is not ISO-8601
      # @raise [KeyError] no "module"
      def self.from_h(hash)
        hash = hash.to_h.transform_keys(&:to_s)
        version = hash.fetch('version', VERSION)
        raise ArgumentError, "unknown checkpoint version #{version.inspect}" unless version == VERSION

        new(hash.fetch('module'), modified_since: hash['modified_since'], modified_ids: hash['modified_ids'],
                                  deleted_since: hash['deleted_since'], deleted_ids: hash['deleted_ids'])
      end

      # Reads `to_json`'s form back (see {.from_h}).
      # @param json [String]
      # @return [ZCRMSDK::Sync::Checkpoint]
      # @raise [JSON::ParserError] `json` is not JSON
      # @raise [ArgumentError] another version, or a time that is not ISO-8601
      # @raise [KeyError] no "module"
      def self.parse(json)
        from_h(JSON.parse(json))
      end

      # A frozen checkpoint; `Checkpoint.new('Leads')` starts from the beginning.
      # @param module_name [String, Symbol] the module's API name
      # @param modified_since [Time, String, nil] a Time or an ISO-8601 String
      # @param modified_ids [Array<String, Integer>, nil] ids of the records handled at `modified_since`
      # @param deleted_since [Time, String, nil] a Time or an ISO-8601 String
      # @param deleted_ids [Array<String, Integer>, nil] ids of the deletions handled at `deleted_since`
      # @raise [ArgumentError] a time String that is not ISO-8601
      def initialize(module_name, modified_since: nil, modified_ids: nil, deleted_since: nil, deleted_ids: nil)
        @module_name = module_name.to_s.dup.freeze
        @modified_since = Checkpoint.time(modified_since)
        @modified_ids = Checkpoint.ids(modified_ids)
        @deleted_since = Checkpoint.time(deleted_since)
        @deleted_ids = Checkpoint.ids(deleted_ids)
        freeze
      end

      # Whether the record `id` last modified at `time` was handled already.
      # @param id [String]
      # @param time [Time] its Modified_Time
      # @return [Boolean]
      def modified?(id, time)
        Checkpoint.behind?(modified_since, modified_ids, id, time)
      end

      # Whether the deletion of `id` at `time` was handled already.
      # @param id [String]
      # @param time [Time] its deleted_time
      # @return [Boolean]
      def deleted?(id, time)
        Checkpoint.behind?(deleted_since, deleted_ids, id, time)
      end

      # The checkpoint once the record `id` modified at `time` is handled (self is unchanged).
      # Changes are handled oldest first: `time` is not before `modified_since`.
      # @param id [String]
      # @param time [Time] its Modified_Time
      # @return [ZCRMSDK::Sync::Checkpoint]
      def after_modified(id, time)
        since, ids = Checkpoint.advance(modified_since, modified_ids, id, time)
        with(modified_since: since, modified_ids: ids)
      end

      # The checkpoint once the deletion of `id` at `time` is handled (self is unchanged).
      # Deletions are handled oldest first: `time` is not before `deleted_since`.
      # @param id [String]
      # @param time [Time] its deleted_time
      # @return [ZCRMSDK::Sync::Checkpoint]
      def after_deleted(id, time)
        since, ids = Checkpoint.advance(deleted_since, deleted_ids, id, time)
        with(deleted_since: since, deleted_ids: ids)
      end

      # The persisted form (see the class's documentation); {.from_h} reads it back.
      # @return [Hash{String => Object}] times as ISO-8601 Strings (or nil)
      def to_h
        { 'version' => VERSION, 'module' => module_name,
          'modified_since' => modified_since&.iso8601, 'modified_ids' => modified_ids,
          'deleted_since' => deleted_since&.iso8601, 'deleted_ids' => deleted_ids }
      end

      # `to_h` as JSON; {.parse} reads it back.
      # @param args [Array] passed to Hash#to_json (a JSON generator state)
      # @return [String]
      def to_json(*args)
        to_h.to_json(*args)
      end

      # Whether `other` is a Checkpoint of the same module at the same place.
      # @param other [Object]
      # @return [Boolean]
      def ==(other)
        other.is_a?(Checkpoint) && other.to_h == to_h
      end

      # Same as {#==} (checkpoints can be Hash keys).
      # @return [Boolean]
      alias eql? ==

      # Equal checkpoints have equal hashes.
      # @return [Integer]
      def hash
        to_h.hash
      end

      # The persisted form, without its version.
      # @return [String]
      def inspect
        "#<#{self.class.name} #{to_h.reject { |key, _| key == 'version' }.inspect}>"
      end

      class << self
        # A time as the checkpoint holds it.
        # @param value [Time, String, #to_time, nil] nil or '' for none
        # @return [Time, nil]
        # @raise [ArgumentError] a String that is not ISO-8601
        # @api private
        def time(value)
          case value
          when nil, '' then nil
          when String then Time.iso8601(value)
          when Time then value
          else value.to_time
          end
        rescue ArgumentError
          raise ArgumentError, "not an ISO-8601 time: #{value.inspect}"
        end

        # Ids as the checkpoint holds them.
        # @param list [Array<String, Integer>, String, nil]
        # @return [Array<String>] frozen, of frozen Strings
        # @api private
        def ids(list)
          Array(list).map { |id| id.to_s.dup.freeze }.freeze
        end

        # Everything before `since`, and the ids handled at `since` itself, are behind us.
        # @api private
        def behind?(since, ids, id, time)
          return false if since.nil?

          time < since || (time == since && ids.include?(id))
        end

        # [since, ids] once `id` at `time` is handled: `time` is never before `since` (changes
        # are handled oldest first and older ones are skipped).
        # @api private
        def advance(since, ids, id, time)
          since == time ? [since, ids | [id]] : [time, [id]]
        end
      end

      private

      def with(**changes)
        Checkpoint.new(module_name, **{ modified_since: modified_since, modified_ids: modified_ids,
                                        deleted_since: deleted_since, deleted_ids: deleted_ids }.merge(changes))
      end
    end
  end
end
