# frozen_string_literal: true

require_relative 'lib/zcrmsdk/version'

Gem::Specification.new do |spec|
  spec.name = 'ZCRMSDK'
  spec.version = ZCRMSDK::VERSION
  spec.authors = ['The ZCRMSDK authors']
  spec.license = 'MIT'

  spec.summary = 'Zoho CRM v2 client for Ruby: a drop-in for ZCRMSDK 1.0.x with a Rust engine'
  spec.description = <<~DESC.tr("\n", ' ').strip
    Ruby SDK for the Zoho CRM REST API (v2). Code written for Zoho's ZCRMSDK 1.0.x gem runs
    unchanged (ZCRMRestClient, ZohoOAuth, file/MySQL/custom token persistence), while the engine
    underneath is Rust: thread-safe and fork-safe, with single-flight token refresh across threads
    and processes, retries that honour rate limits, and a local Zoho emulator for tests.
    No runtime gem dependencies; installing from source needs a Rust toolchain (cargo) and libclang.
  DESC

  spec.required_ruby_version = '>= 3.1'
  spec.requirements = ['Rust toolchain (cargo >= 1.89), e.g. via https://rustup.rs', 'libclang (Debian/Ubuntu: apt-get install libclang-dev)']
  # Placeholders: the maintainer who publishes the gem puts the real addresses here.
  spec.homepage = 'https://github.com/OWNER/zcrmsdk'
  spec.metadata = {
    'homepage_uri' => spec.homepage,
    'source_code_uri' => 'https://github.com/OWNER/zcrmsdk',
    'changelog_uri' => 'https://github.com/OWNER/zcrmsdk/blob/main/CHANGELOG.md',
    'bug_tracker_uri' => 'https://github.com/OWNER/zcrmsdk/issues',
    'documentation_uri' => 'https://github.com/OWNER/zcrmsdk#readme',
    'rubygems_mfa_required' => 'true'
  }

  # A source gem: the Cargo workspace travels with it and extconf.rb builds it on install.
  # `rake native gem` derives the precompiled platform gem from this one (rakelib/platform_gem.rb).
  spec.extensions = ['ext/zcrmsdk/extconf.rb']

  spec.files = Dir.chdir(__dir__) do
    patterns = %w[
      lib/**/*.rb lib/generators/**/templates/*.tt
      exe/*
      ext/build.rs ext/zcrmsdk/extconf.rb ext/*/Cargo.toml ext/*/src/**/*.rs
      crates/*/Cargo.toml crates/*/build.rs crates/*/src/**/*
      Cargo.toml Cargo.lock
      sig/**/*.rbs
      README.md LICENSE LICENSE.txt CHANGELOG.md
    ]
    Dir.glob(patterns).select { |f| File.file?(f) }.sort
  end

  spec.bindir = 'exe'
  spec.executables = Dir.chdir(__dir__) { Dir['exe/zcrm'] }.map { |f| File.basename(f) }
  spec.require_paths = ['lib']
end
