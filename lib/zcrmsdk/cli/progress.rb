# frozen_string_literal: true

module ZCRMSDK
  class CLI
    # Progress of a long command on stderr: a bar redrawn in place on a terminal (count, rate,
    # and the ETA when the total is known), plain lines every LINE_INTERVAL seconds otherwise
    # (a log file, CI), and a last line at the end either way.
    class Progress
      REDRAW_INTERVAL = 0.1 # seconds between two redraws on a terminal
      LINE_INTERVAL = 5 # seconds between two plain lines
      BAR_WIDTH = 24

      attr_reader :count

      # total: the number of items when known (nil: no bar, no ETA). clock: seconds, monotonic.
      def initialize(io, label:, total: nil, tty: io.tty?, clock: -> { Process.clock_gettime(Process::CLOCK_MONOTONIC) })
        @io = io
        @label = label
        @total = total
        @tty = tty
        @clock = clock
        @started = @clock.call
        @shown = @started
        @count = 0
      end

      def advance(by = 1)
        @count += by
        now = @clock.call
        return if now - @shown < (@tty ? REDRAW_INTERVAL : LINE_INTERVAL)

        @shown = now
        @tty ? @io.print("\r#{status(now)}\e[K") : @io.puts(status(now))
      end

      # The last line: the count, the time taken and `outcome` (e.g. 'interrupted').
      def finish(outcome = 'done')
        elapsed = @clock.call - @started
        line = "#{@label}: #{@count} #{noun} #{outcome} in #{format('%.1f', elapsed)} s#{rate_note(elapsed)}"
        @tty ? @io.print("\r#{line}\e[K\n") : @io.puts(line)
      end

      private

      def status(now)
        elapsed = now - @started
        parts = ["#{@label}: #{@count}#{"/#{@total}" if @total} #{noun}", rate_text(elapsed)]
        parts.unshift(bar) if @total && @tty
        parts << "ETA #{clock_time(eta(elapsed))}" if @total && eta(elapsed)
        parts.compact.join('  ')
      end

      def noun
        @count == 1 && @total.nil? ? 'record' : 'records'
      end

      def rate(elapsed)
        elapsed.positive? ? @count / elapsed : nil
      end

      def rate_text(elapsed)
        (per_second = rate(elapsed)) && "#{per_second.round}/s"
      end

      def rate_note(elapsed)
        (text = rate_text(elapsed)) ? " (#{text})" : ''
      end

      def eta(elapsed)
        per_second = rate(elapsed)
        return nil unless per_second&.positive?

        [(@total - @count) / per_second, 0].max
      end

      def bar
        filled = @total.positive? ? (BAR_WIDTH * @count / @total).clamp(0, BAR_WIDTH) : BAR_WIDTH
        "[#{'#' * filled}#{'.' * (BAR_WIDTH - filled)}]"
      end

      def clock_time(seconds)
        minutes, secs = seconds.round.divmod(60)
        hours, minutes = minutes.divmod(60)
        hours.positive? ? format('%d:%02d:%02d', hours, minutes, secs) : format('%d:%02d', minutes, secs)
      end
    end
  end
end
