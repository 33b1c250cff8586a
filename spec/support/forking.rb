# frozen_string_literal: true

module ZCRMSDKSpec
  # Forked children for specs about processes.
  module Forking
    # Runs the block in a forked child and returns [succeeded, what it wrote]: the block's
    # value (as a String) or the exception it raised, "Class: message".
    def in_forked_child
      reader, writer = IO.pipe
      pid = fork do
        reader.close
        writer.write(yield.to_s)
        exit!(0)
      rescue Exception => e # rubocop:disable Lint/RescueException
        writer.write("#{e.class}: #{e.message}")
        exit!(1)
      end
      writer.close
      _, status = Process.wait2(pid)
      [status.success?, reader.read]
    ensure
      reader&.close
    end

    # Runs `threads` threads in each of `processes` forked children, each making one API call
    # through `client` that must answer as `user` (both from the example's context); returns
    # the children's exit statuses.
    def storm(processes:, threads:)
      pids = Array.new(processes) do
        fork do
          emails = Array.new(threads) { Thread.new { client.get_current_user.data[0].email } }.map(&:value)
          exit!(emails.all?(user) ? 0 : 1)
        rescue Exception => e # rubocop:disable Lint/RescueException
          warn "child #{Process.pid}: #{e.class}: #{e.message}"
          exit!(2)
        end
      end
      pids.map { |pid| Process.wait2(pid).last }
    end
  end
end

RSpec.configure { |config| config.include ZCRMSDKSpec::Forking }
