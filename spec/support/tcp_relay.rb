# frozen_string_literal: true

require 'socket'

module ZCRMSDKSpec
  # A TCP server on loopback whose connections a spec relays somewhere (a proxy in front of
  # the emulator): each accepted connection is handed to the block on a thread of its own,
  # and closed with whatever it opened once the block returns.
  class TcpRelay
    attr_reader :port

    def initialize(&serve)
      @server = TCPServer.new('127.0.0.1', 0)
      @port = @server.addr[1]
      @acceptor = Thread.new { loop { relay(@server.accept, serve) } }
    end

    def stop
      @acceptor.kill
      @server.close
    end

    # Copies bytes both ways between two sockets until one side closes, or until neither
    # says anything for `idle` seconds (nil: no limit).
    def self.pump(one, other, idle: nil)
      peer = { one => other, other => one }
      loop do
        ready, = IO.select(peer.keys, nil, nil, idle)
        return unless ready

        ready.each do |io|
          data = io.read_nonblock(65_536, exception: false)
          return if data.nil?

          peer[io].write(data) unless data == :wait_readable
        end
      end
    end

    private

    def relay(client, serve)
      Thread.new do
        opened = []
        serve.call(client, opened)
      ensure
        [client, *opened].each(&:close)
      end
    end
  end
end
