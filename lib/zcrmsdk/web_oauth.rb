# frozen_string_literal: true

require_relative 'web_oauth/connect_error'
require_relative 'web_oauth/state'
require_relative 'web_oauth/used_states'
require_relative 'web_oauth/connection'
require_relative 'web_oauth/flow'
require_relative 'web_oauth/rack_callback'
require_relative 'web_oauth/controller'

module ZCRMSDK
  # Zoho's OAuth redirect flow for web apps in which each signed-in user connects their own
  # Zoho account: a "Connect Zoho" link to Zoho's consent page (Flow#authorization_url), and
  # the redirect back (Flow#complete), which checks the signed `state`, exchanges the code at
  # the user's data centre and stores the tokens under the user's Zoho email.
  #
  # Plain Ruby and the standard library: RackCallback is a Rack endpoint without the rack gem,
  # Controller a module for a Rails controller without ActiveSupport.
  module WebOAuth
  end
end
