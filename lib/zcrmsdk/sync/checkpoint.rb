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
      VERSION = 1

      attr_reader :module_name, :modified_since, :modified_ids, :deleted_since, :deleted_ids

      def self.from_h(hash)
        hash = hash.to_h.transform_keys(&:to_s)
        version = hash.fetch('version', VERSION)
        raise ArgumentError, "unknown checkpoint version #{version.inspect}" unless version == VERSION

        new(hash.fetch('module'), modified_since: hash['modified_since'], modified_ids: hash['modified_ids'],
                                  deleted_since: hash['deleted_since'], deleted_ids: hash['deleted_ids'])
      end

      def self.parse(json)
        from_h(JSON.parse(json))
      end

      def initialize(module_name, modified_since: nil, modified_ids: nil, deleted_since: nil, deleted_ids: nil)
        @module_name = module_name.to_s.dup.freeze
        @modified_since = Checkpoint.time(modified_since)
        @modified_ids = Checkpoint.ids(modified_ids)
        @deleted_since = Checkpoint.time(deleted_since)
        @deleted_ids = Checkpoint.ids(deleted_ids)
        freeze
      end

      # Whether a record last modified at `time` was handled already.
      def modified?(id, time)
        Checkpoint.behind?(modified_since, modified_ids, id, time)
      end

      def deleted?(id, time)
        Checkpoint.behind?(deleted_since, deleted_ids, id, time)
      end

      # The checkpoint once the record `id` modified at `time` is handled.
      def after_modified(id, time)
        since, ids = Checkpoint.advance(modified_since, modified_ids, id, time)
        with(modified_since: since, modified_ids: ids)
      end

      def after_deleted(id, time)
        since, ids = Checkpoint.advance(deleted_since, deleted_ids, id, time)
        with(deleted_since: since, deleted_ids: ids)
      end

      def to_h
        { 'version' => VERSION, 'module' => module_name,
          'modified_since' => modified_since&.iso8601, 'modified_ids' => modified_ids,
          'deleted_since' => deleted_since&.iso8601, 'deleted_ids' => deleted_ids }
      end

      def to_json(*args)
        to_h.to_json(*args)
      end

      def ==(other)
        other.is_a?(Checkpoint) && other.to_h == to_h
      end
      alias eql? ==

      def hash
        to_h.hash
      end

      def inspect
        "#<#{self.class.name} #{to_h.reject { |key, _| key == 'version' }.inspect}>"
      end

      class << self
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

        def ids(list)
          Array(list).map { |id| id.to_s.dup.freeze }.freeze
        end

        # Everything before `since`, and the ids handled at `since` itself, are behind us.
        def behind?(since, ids, id, time)
          return false if since.nil?

          time < since || (time == since && ids.include?(id))
        end

        # [since, ids] once `id` at `time` is handled: `time` is never before `since` (changes
        # are handled oldest first and older ones are skipped).
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
