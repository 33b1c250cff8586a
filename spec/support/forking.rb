# frozen_string_literal: true

module ZCRMSDKSpec
  # Runs the block in a forked child and returns [succeeded, what it wrote]: the block's value
  # (as a String) or the exception it raised, "Class: message".
  module Forking
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
  end
end

RSpec.configure { |config| config.include ZCRMSDKSpec::Forking }
