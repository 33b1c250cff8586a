# frozen_string_literal: true

# `require 'ZCRMSDK'` (the 1.0.x spelling) and `require 'zcrmsdk'` load the same gem. Both
# files say the same thing, so a case-insensitive file system that keeps only one is fine.
require_relative 'zcrmsdk/boot'
