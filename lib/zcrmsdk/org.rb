# frozen_string_literal: true

# ZCRMSDK::Org::ZCRMOrganization lives with the entities it returns.
require_relative 'operations'
