# frozen_string_literal: true

begin
  require 'rspec/core/rake_task'

  desc 'Run the RSpec suite (includes the gem-install packaging spec)'
  RSpec::Core::RakeTask.new(:spec)

  namespace :spec do
    desc 'Run the RSpec suite without the packaging spec'
    RSpec::Core::RakeTask.new(:fast) { |t| t.rspec_opts = '--tag ~packaging' }

    desc 'Run only the packaging spec (gem build + gem install + seed walkthrough)'
    RSpec::Core::RakeTask.new(:packaging) { |t| t.rspec_opts = '--tag packaging' }
  end
rescue LoadError
  task :spec do
    abort 'rspec is not installed (Debian: apt-get install ruby-rspec; or run bin/setup)'
  end
end
