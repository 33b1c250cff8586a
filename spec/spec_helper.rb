# frozen_string_literal: true

$LOAD_PATH.unshift(File.expand_path('../lib', __dir__))
require 'ZCRMSDK'

RSpec.configure do |config|
  config.disable_monkey_patching!
  config.order = :random
  Kernel.srand config.seed
  config.example_status_persistence_file_path = File.expand_path('../.rspec_status', __dir__)
  config.shared_context_metadata_behavior = :apply_to_host_groups
  config.filter_run_when_matching :focus
  config.expect_with(:rspec) { |c| c.syntax = :expect }
  config.mock_with(:rspec) { |m| m.verify_partial_doubles = true }
end

# Helpers (private MariaDB, emulator process, ...); loaded after the configuration above.
Dir[File.join(__dir__, 'support', '**', '*.rb')].sort.each { |f| require f }
