# frozen_string_literal: true

# Cluster mode: WEB_CONCURRENCY workers (2) of RAILS_MAX_THREADS threads (5) each, forked from
# a master that has loaded the app once (preload_app!). Neither the gem nor ActiveRecord needs
# an on_worker_boot hook: the gem's engine rebuilds its connections in each forked worker, and
# ActiveRecord discards the master's connection pool there.
threads_count = Integer(ENV.fetch('RAILS_MAX_THREADS', 5))
threads threads_count, threads_count
workers Integer(ENV.fetch('WEB_CONCURRENCY', 2))
preload_app!

port Integer(ENV.fetch('PORT', 3000)), ENV.fetch('BIND_HOST', '127.0.0.1')
environment ENV.fetch('RAILS_ENV', 'development')
