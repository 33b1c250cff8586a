# frozen_string_literal: true

require File.expand_path('../../../lib/zcrmsdk/web_oauth/used_states', __dir__)

# A state completes one connection at most (ZCRMSDK::WebOAuth::Flow#complete claims its nonce).
RSpec.describe ZCRMSDK::WebOAuth::UsedStates::Memory do
  let(:states) { described_class.new(limit: 3) }

  it 'lets each nonce be claimed once while its state lives' do
    expect(states.claim('a', expires_at: 1_600, now: 1_000)).to be(true)
    expect(states.claim('a', expires_at: 1_600, now: 1_500)).to be(false)
    expect(states.claim('b', expires_at: 1_600, now: 1_500)).to be(true)
  end

  it 'forgets a nonce once its state has expired (an expired state is refused before this)' do
    states.claim('a', expires_at: 1_600, now: 1_000)
    expect(states.claim('a', expires_at: 2_300, now: 1_700)).to be(true)
  end

  it 'keeps the newest nonces when more than its limit are alive' do
    %w[a b c d].each { |nonce| states.claim(nonce, expires_at: 1_600, now: 1_000) }
    expect(states.claim('d', expires_at: 1_600, now: 1_000)).to be(false)
    expect(states.claim('a', expires_at: 1_600, now: 1_000)).to be(true)
  end

  it 'lets one of several threads claim a nonce' do
    claims = Array.new(8) { Thread.new { states.claim('same', expires_at: 1_600, now: 1_000) } }.map(&:value)
    expect(claims.count(true)).to eq(1)
  end
end
