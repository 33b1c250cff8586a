# frozen_string_literal: true

require 'open3'

# The binding keeps Ruby objects alive across the Rust boundary (the custom handler bridge,
# the download IO, exceptions parked during a callback). Under GC.stress a collection runs at
# every allocation: a value the binding failed to keep reachable would crash the process.
# The scenarios run in a fresh process (see sp../scripts/gc_stress_scenarios.rb).
RSpec.describe 'The binding under GC.stress' do
  include_context 'with the zoho emulator'

  it 'runs the walkthrough, a download into an IO, an error, and two threads through a refresh' do
    script = File.expand_path('../scripts/gc_stress_scenarios.rb', __dir__)
    lib = File.expand_path('../../lib', __dir__)
    output, errors, status = Open3.capture3(RbConfig.ruby, '-I', lib, script,
                                            JSON.generate(emulator.config), emulator.grant_token, scratch)

    expect(status).to be_success, "#{errors}\n#{output}"
    result = JSON.parse(output.lines.last)
    expect(result['email']).to eq(user)
    expect(result['download']).to eq('under stress')
    expect(result['missing_status']).to eq(204)
    expect(result['threads'].uniq.size).to eq(1)
    expect(result['counts']['locks']).to eq(1)
    expect(result['counts']['unlocks']).to eq(1)
  end
end
