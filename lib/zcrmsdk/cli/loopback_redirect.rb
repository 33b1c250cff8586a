# frozen_string_literal: true

require 'socket'
require 'timeout'
require 'uri'
require 'cgi'

module ZCRMSDK
  class CLI
    # The redirect URI of `zcrm auth --web`: http://127.0.0.1:PORT/callback, served by a
    # minimal HTTP reader on the loopback interface (the browser sends one GET; no web server
    # gem needed). Requests for other paths, or without the expected `state` (not the sign-in
    # this terminal started), are answered with an error and waiting goes on.
    class LoopbackRedirect
      PATH = '/callback'
      READ_TIMEOUT = 10 # seconds a connection may take to send its request
      MAX_REQUEST_BYTES = 16 * 1024

      # The redirect that carried the expected state: its query parameters, and the browser
      # waiting for an answer.
      class Callback
        attr_reader :params

        def initialize(socket, params)
          @socket = socket
          @params = params
        end

        # Answers the browser with a plain page saying `message`, and hangs up.
        def answer(message, status: 200)
          LoopbackRedirect.respond(@socket, status, message)
        end
      end

      def initialize(port)
        @server = TCPServer.new('127.0.0.1', port)
      end

      def uri
        "http://127.0.0.1:#{@server.addr[1]}#{PATH}"
      end

      # Waits up to `timeout` seconds for the redirect carrying `state`; returns its Callback.
      def receive(state:, timeout:)
        deadline = now + timeout
        loop do
          socket = accept(deadline - now)
          callback = read_callback(socket, state)
          return callback if callback
        end
      end

      def close
        @server.close
      end

      def self.respond(socket, status, message)
        body = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>zcrm</title></head>" \
               "<body><p>#{CGI.escapeHTML(message)}</p></body></html>\n"
        reason = { 200 => 'OK', 400 => 'Bad Request', 404 => 'Not Found' }.fetch(status, 'Error')
        socket.write("HTTP/1.1 #{status} #{reason}\r\nContent-Type: text/html; charset=utf-8\r\n" \
                     "Content-Length: #{body.bytesize}\r\nConnection: close\r\nCache-Control: no-store\r\n\r\n#{body}")
      rescue SystemCallError, IOError
        nil # the browser went away; nothing to tell it
      ensure
        socket.close
      end

      private

      def now
        Process.clock_gettime(Process::CLOCK_MONOTONIC)
      end

      def accept(seconds)
        unless seconds.positive? && @server.wait_readable(seconds)
          raise ZCRMSDK::TimeoutError.new(uri, nil, "no redirect from Zoho reached #{uri} in time; run zcrm auth --web again",
                                          'TIMEOUT')
        end
        @server.accept
      end

      # The Callback, or nil (after answering) for any other request.
      def read_callback(socket, state)
        path, params = read_request(socket)
        return reject(socket, 404, 'Nothing here: this is the sign-in redirect of zcrm auth --web.') unless path == PATH
        unless params['state'] == state
          return reject(socket, 400, 'This is not the sign-in zcrm started (its state does not match).')
        end

        Callback.new(socket, params)
      rescue Timeout::Error, SystemCallError, IOError, URI::InvalidURIError, ArgumentError
        reject(socket, 400, 'Unreadable request.')
      end

      def reject(socket, status, message)
        LoopbackRedirect.respond(socket, status, message)
        nil
      end

      # [path, query parameters] of a `GET /path?query HTTP/1.1` request; headers are read and
      # ignored.
      def read_request(socket)
        Timeout.timeout(READ_TIMEOUT) do
          request_line = socket.gets("\r\n", MAX_REQUEST_BYTES).to_s
          skip_headers(socket)
          target = request_line.split(' ')[1].to_s
          uri = URI.parse(target)
          [uri.path, URI.decode_www_form(uri.query.to_s).to_h]
        end
      end

      def skip_headers(socket)
        loop do
          line = socket.gets("\r\n", MAX_REQUEST_BYTES)
          break if line.nil? || line == "\r\n"
        end
      end
    end
  end
end
