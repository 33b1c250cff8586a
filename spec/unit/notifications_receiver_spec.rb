# frozen_string_literal: true

require 'json'
require 'logger'
require 'stringio'
require 'timeout'
require 'rack'
require 'rack/mock'

# ZCRMSDK::Notifications::Receiver, the Rack app that takes Zoho's notification POSTs: what it
# answers Zoho and what reaches user code. Requests go through Rack::MockRequest; the
# end-to-end spec (spec/integration/crm/notifications_spec.rb) has the emulator POST for real.
RSpec.describe ZCRMSDK::Notifications::Receiver do
  let(:token) { 'contacts-and-deals-7828' }
  let(:now) { Time.at(1_767_225_600) }
  let(:clock) { -> { now } }
  let(:handled) { Queue.new }
  let(:log) { StringIO.new }
  let(:receiver) do
    described_class.new(channels: { 1_000_000_068_001 => token }, clock: clock, logger: Logger.new(log)) do |event|
      handled << event
    end
  end

  after { receiver.shutdown(5) }

  def callback(overrides = {})
    { 'server_time' => (now.to_r * 1000).to_i, 'query_params' => { 'team' => 'sales' }, 'module' => 'Deals',
      'resource_uri' => 'https://www.zohoapis.com/crm/v2/Deals', 'ids' => %w[4150868000000225006],
      'affected_fields' => [{ '4150868000000225006' => %w[Stage Amount] }], 'operation' => 'update',
      'channel_id' => 1_000_000_068_001, 'token' => token }.merge(overrides)
  end

  def deliver(body, method: 'POST')
    input = body.is_a?(String) ? body : JSON.generate(body)
    Rack::MockRequest.new(receiver).request(method, '/zoho/notifications', input: input,
                                                                          'CONTENT_TYPE' => 'application/json')
  end

  def next_event
    Timeout.timeout(5) { handled.pop }
  end

  it 'answers 200 and hands the handler a typed event: module, operation, ids, changed fields' do
    response = deliver(callback)

    expect(response.status).to eq(200)
    expect(JSON.parse(response.body)).to eq('status' => 'received')
    event = next_event
    expect(event).to be_a(ZCRMSDK::Notifications::Event)
    expect([event.channel_id, event.module_name, event.operation, event.ids])
      .to eq(['1000000068001', 'Deals', 'update', %w[4150868000000225006]])
    expect(event.affected_fields).to eq('4150868000000225006' => %w[Stage Amount])
    expect(event.server_time).to eq(now)
    expect(event.query_params).to eq('team' => 'sales')
    expect(event.to_h).not_to have_key('token')
  end

  it 'answers before the handler runs: a slow handler does not hold Zoho' do
    gate = Queue.new
    slow = described_class.new(channels: { '1000000068001' => token }, clock: clock) do |event|
      gate.pop
      handled << event
    end
    response = Rack::MockRequest.new(slow).post('/', input: JSON.generate(callback))

    expect(response.status).to eq(200)
    expect(handled).to be_empty
    gate << :go
    expect(next_event.ids).to eq(%w[4150868000000225006])
    slow.shutdown(5)
  end

  it 'refuses an unknown channel and a wrong or missing token with 403, and never logs the token' do
    expect(deliver(callback('channel_id' => 99)).status).to eq(403)
    expect(deliver(callback('token' => 'guess')).status).to eq(403)
    expect(deliver(callback('token' => nil)).status).to eq(403)
    expect(deliver(callback('token' => token[0..-2])).status).to eq(403)

    expect(handled).to be_empty
    expect(log.string.scan('refused a notification (403').size).to eq(4)
    expect(log.string).not_to include(token)
  end

  it 'refuses the same notification sent again (409), and takes the next one' do
    expect(deliver(callback).status).to eq(200)
    expect(deliver(callback).status).to eq(409)
    expect(deliver(callback('ids' => %w[4150868000000225006])).status).to eq(409)
    expect(deliver(callback('server_time' => (now.to_r * 1000).to_i + 1)).status).to eq(200)

    expect([next_event, next_event].map(&:server_time)).to eq([now, now + Rational(1, 1000)])
    expect(handled).to be_empty
  end

  it 'refuses notifications older (or newer) than the replay window, which it could not tell from replays' do
    window = described_class.new(channels: { '1000000068001' => token }, clock: clock, replay_window: 60) { |e| handled << e }
    stale = callback('server_time' => ((now - 61).to_r * 1000).to_i)
    future = callback('server_time' => ((now + 61).to_r * 1000).to_i)
    fresh = callback('server_time' => ((now - 59).to_r * 1000).to_i)

    statuses = [stale, future, fresh].map { |body| Rack::MockRequest.new(window).post('/', input: JSON.generate(body)).status }
    expect(statuses).to eq([409, 409, 200])
    window.shutdown(5)
  end

  it 'remembers a bounded number of notifications' do
    small = described_class.new(channels: { '1000000068001' => token }, clock: clock, remember: 3) { |e| handled << e }
    bodies = (1..5).map { |n| callback('ids' => [n.to_s]) }
    statuses = bodies.map { |body| Rack::MockRequest.new(small).post('/', input: JSON.generate(body)).status }

    expect(statuses).to eq([200] * 5)
    expect(small.instance_variable_get(:@replays).size).to eq(3)
    # The oldest was forgotten to stay within bounds; the newest are still refused as replays.
    replays = bodies.last(3).map { |body| Rack::MockRequest.new(small).post('/', input: JSON.generate(body)).status }
    expect(replays).to eq([409] * 3)
    small.shutdown(5)
  end

  it 'refuses malformed bodies with 400 and other methods with 405' do
    expect(deliver('not json').status).to eq(400)
    expect(deliver('[1, 2]').status).to eq(400)
    expect(deliver(callback.except('ids')).status).to eq(400)
    expect(deliver(callback('ids' => [])).status).to eq(400)
    expect(deliver(callback('operation' => 'explode')).status).to eq(400)
    expect(deliver(callback('server_time' => 'yesterday')).status).to eq(400)
    expect(deliver(callback('affected_fields' => 'Stage')).status).to eq(400)
    expect(JSON.parse(deliver(callback.except('module')).body)['error']).to include('module')
    expect(deliver(callback, method: 'GET').status).to eq(405)
    expect(handled).to be_empty
  end

  it 'refuses bodies over max_body_bytes with 413' do
    capped = described_class.new(channels: { '1000000068001' => token }, clock: clock, max_body_bytes: 100) { |e| handled << e }
    response = Rack::MockRequest.new(capped).post('/', input: JSON.generate(callback))

    expect(response.status).to eq(413)
    capped.shutdown(5)
  end

  it 'answers 503 when the bounded queue is full, and takes the same notification once there is room' do
    gate = Queue.new
    started = Queue.new
    tight = described_class.new(channels: { '1000000068001' => token }, clock: clock, queue_size: 1) do |event|
      started << event
      gate.pop
      handled << event
    end
    post = ->(ids) { Rack::MockRequest.new(tight).post('/', input: JSON.generate(callback('ids' => ids))) }
    expect(post.call(['1']).status).to eq(200)
    Timeout.timeout(5) { started.pop } # the worker holds 1; the queue has room for one more

    expect(post.call(['2']).status).to eq(200)
    full = post.call(['3'])
    expect([full.status, full.headers['retry-after']]).to eq([503, '5'])

    2.times { gate << :go }
    expect([next_event, next_event].map(&:ids)).to eq([['1'], ['2']])
    gate << :go
    expect(post.call(['3']).status).to eq(200)
    expect(next_event.ids).to eq(['3'])
    tight.shutdown(5)
  end

  it 'hands events to a user-supplied executor (ActiveJob) as plain Hashes it can serialize' do
    jobs = []
    with_jobs = described_class.new(channels: ->(id) { token if id == '1000000068001' }, clock: clock,
                                    executor: ->(event) { jobs << event.to_h })
    response = Rack::MockRequest.new(with_jobs).post('/', input: JSON.generate(callback))

    expect(response.status).to eq(200)
    expect(jobs.size).to eq(1)
    expect(JSON.parse(JSON.generate(jobs.first))).to eq(jobs.first)
    expect(ZCRMSDK::Notifications::Event.from_h(jobs.first).ids).to eq(%w[4150868000000225006])
    expect(ZCRMSDK::Notifications::Event.from_h(jobs.first).server_time).to eq(now)
  end

  it 'lets an executor failure reach the server, and takes the same notification again afterwards' do
    calls = 0
    failing_once = described_class.new(channels: { '1000000068001' => token }, clock: clock, executor: lambda { |_event|
      calls += 1
      raise IOError, 'job queue down' if calls == 1
    })
    post = -> { Rack::MockRequest.new(failing_once).post('/', input: JSON.generate(callback)) }

    expect { post.call }.to raise_error(IOError, 'job queue down')
    expect(post.call.status).to eq(200)
    expect(post.call.status).to eq(409)
  end

  it 'keeps handling after the handler raises, reporting the failure' do
    failures = Queue.new
    flaky = described_class.new(channels: { '1000000068001' => token }, clock: clock,
                                on_error: ->(error, event) { failures << [error.message, event.ids] }) do |event|
      raise 'boom' if event.ids == ['1']

      handled << event
    end
    post = ->(ids) { Rack::MockRequest.new(flaky).post('/', input: JSON.generate(callback('ids' => ids))).status }

    expect([post.call(['1']), post.call(['2'])]).to eq([200, 200])
    expect(Timeout.timeout(5) { failures.pop }).to eq(['boom', ['1']])
    expect(next_event.ids).to eq(['2'])
    flaky.shutdown(5)
  end

  it 'starts its worker threads again in a forked child (Puma cluster, Unicorn)' do
    extend ZCRMSDKSpec::Forking
    expect(deliver(callback('ids' => ['parent'])).status).to eq(200)
    expect(next_event.ids).to eq(['parent'])

    succeeded, output = in_forked_child do
      deliver(callback('ids' => ['child'])).status.to_s + ' ' + Timeout.timeout(5) { handled.pop }.ids.join
    end
    expect([succeeded, output]).to eq([true, '200 child'])
  end

  it 'says what is wrong with its settings' do
    expect { described_class.new(channels: { '1' => token }) }.to raise_error(ArgumentError, /handler/)
    expect { described_class.new(channels: { '1' => token }, executor: ->(_) {}) { nil } }
      .to raise_error(ArgumentError, /not both/)
    expect { described_class.new(channels: { '1' => '' }) { nil } }.to raise_error(ArgumentError, /channels 1 have no token/)
    expect { described_class.new(channels: [1]) { nil } }.to raise_error(ArgumentError, /Hash of channel_id => token/)
    expect(described_class.new(channels: { '1' => token }) { nil }.inspect).not_to include(token)
  end
end
