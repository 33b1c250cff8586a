# frozen_string_literal: true

require 'json'
require 'open3'
require 'rbconfig'

# `require 'zcrmsdk/rspec'` in a user's suite that also loads webmock/rspec: the suite runs
# in its own process, since WebMock and the real-Zoho guard change the whole process.
RSpec.describe 'zcrmsdk/rspec in a suite with WebMock' do
  let(:root) { File.expand_path('../..', __dir__) }
  let(:lib) { File.join(root, 'lib') }

  def run_ruby(env, *args)
    clean = %w[RUBYOPT BUNDLE_GEMFILE RAILS_ENV RACK_ENV ZCRMSDK_ALLOW_REAL_ZOHO].to_h { |k| [k, nil] }
    Open3.capture2e(clean.merge(env), RbConfig.ruby, *args)
  end

  it 'gives an emulator, :zoho examples, seed and reset, with WebMock forbidding real connections' do
    suite = File.join(root, 'spec', 'fixtures', 'user_suite', 'zoho_helper_suite.rb')
    rspec = Gem.bin_path('rspec-core', 'rspec')
    output, = run_ruby({}, '-I', lib, rspec, '--no-color', '--order', 'defined', '--format', 'json', suite)
    report = JSON.parse(output[/\{"version".*\}/m] || '{}')
    failures = report.fetch('examples', []).reject { |e| e['status'] == 'passed' }
    expect(failures.map { |e| [e['full_description'], e.dig('exception', 'message')] }).to eq([])
    expect(report.dig('summary', 'example_count')).to eq(7), output
  end

  describe 'the real-Zoho guard outside RSpec' do
    def refusing(env)
      output, status = run_ruby(env, '-I', lib, '-rzcrmsdk', '-e', 'print ZCRMSDK::RealZohoGuard.refusing?')
      expect(status).to be_success, output
      output
    end

    it 'is on where RAILS_ENV or RACK_ENV is test' do
      expect(refusing('RAILS_ENV' => 'test')).to eq('true')
      expect(refusing('RACK_ENV' => 'test')).to eq('true')
    end

    it 'is off in other environments, and where ZCRMSDK_ALLOW_REAL_ZOHO=1' do
      expect(refusing('RAILS_ENV' => 'development')).to eq('false')
      expect(refusing('RAILS_ENV' => 'test', 'ZCRMSDK_ALLOW_REAL_ZOHO' => '1')).to eq('false')
    end
  end
end
