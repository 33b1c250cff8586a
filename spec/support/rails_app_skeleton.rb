# frozen_string_literal: true

require 'fileutils'
require 'open3'
require 'rbconfig'
require 'securerandom'

module ZCRMSDKSpec
  # The least of a Rails 6.1 app that `bin/rails generate`, `db:migrate` and `runner` work in:
  # ActiveRecord on SQLite, this checkout's gem on the load path (what Bundler does in a real
  # app), encrypted credentials with a `zoho:` section. Commands run in a subprocess.
  class RailsAppSkeleton
    LIB = File.expand_path('../../lib', __dir__)

    FILES = {
      'config/boot.rb' => '',
      'Rakefile' => "require_relative 'config/application'\nRails.application.load_tasks\n",
      'config/application.rb' => <<~RUBY,
        require 'rails'
        require 'active_record/railtie'
        require 'zcrmsdk'

        module SkeletonApp
          class Application < Rails::Application
            config.load_defaults 6.1
            config.eager_load = false
            config.logger = Logger.new(nil)
          end
        end
      RUBY
      'config/environment.rb' => "require_relative 'application'\nRails.application.initialize!\n",
      'config/database.yml' => "development:\n  adapter: sqlite3\n  database: db/development.sqlite3\n  timeout: 5000\n",
      'bin/rails' => <<~RUBY,
        APP_PATH = File.expand_path('../config/application', __dir__)
        require_relative '../config/boot'
        require 'rails/commands'
      RUBY
      'app/models/application_record.rb' => "class ApplicationRecord < ActiveRecord::Base\n  self.abstract_class = true\nend\n"
    }.freeze

    attr_reader :root

    def initialize(root, credentials: {})
      @root = root
      FILES.each { |path, text| write(path, text) }
      write_credentials(credentials)
    end

    def read(path) = File.read(File.join(root, path))
    def exist?(path) = File.exist?(File.join(root, path))
    def glob(pattern) = Dir.glob(pattern, base: root).sort

    # Runs `bin/rails *args`; returns [output, success?].
    def rails(*args)
      ruby('bin/rails', *args)
    end

    def ruby(*args)
      out, status = Open3.capture2e({ 'RUBYLIB' => LIB, 'RAILS_ENV' => 'development' }, RbConfig.ruby, *args, chdir: root)
      [out, status.success?]
    end

    private

    def write(path, text)
      file = File.join(root, path)
      FileUtils.mkdir_p(File.dirname(file))
      File.write(file, text)
    end

    def write_credentials(credentials)
      require 'active_support/encrypted_configuration'
      require 'yaml'
      write('config/master.key', SecureRandom.hex(16))
      ActiveSupport::EncryptedConfiguration.new(config_path: File.join(root, 'config/credentials.yml.enc'),
                                                key_path: File.join(root, 'config/master.key'),
                                                env_key: 'RAILS_MASTER_KEY', raise_if_missing_key: true)
                                           .write(YAML.dump(credentials.transform_keys(&:to_s)))
    end
  end
end
