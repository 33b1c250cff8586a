# frozen_string_literal: true

module ZCRMSDK
  # 1.1.0: a drop-in replacement for applications that pin `gem 'ZCRMSDK', '~> 1.0'`.
  VERSION = '1.1.0'
end
