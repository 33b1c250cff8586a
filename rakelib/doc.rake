# frozen_string_literal: true

# API documentation (YARD, options in .yardopts; output in doc/, cache in .yardoc/, both ignored).
#   rake doc         builds doc/
#   rake doc:check   builds doc/ and fails on any YARD warning, or on a public method of the
#                    documented surface without documentation (see ZCRMSDKTasks::DocCheck)
module ZCRMSDKTasks
  # What `rake doc:check` holds the public surface to. Objects tagged `@api private` (Native,
  # Internal, Mapping, CLI...) and Ruby-private methods are not part of it.
  module DocCheck
    module_function

    # Every public method in these namespaces (and those nested in them) needs a docstring.
    DOCUMENTED = %w[ZCRMSDK ZCRMSDK::Client ZCRMSDK::Configuration ZCRMSDK::COQL ZCRMSDK::WebOAuth
                    ZCRMSDK::ActiveRecordTokenStore ZCRMSDK::Testing ZCRMSDK::Error ZCRMSDK::RestClient
                    ZCRMSDK::OAuthClient ZCRMSDK::OAuthUtility ZCRMSDK::Utility ZCRMSDK::Operations
                    ZCRMSDK::Org ZCRMSDK::Response ZCRMSDK::Persistence].freeze

    # In these classes every public method also needs an @param for each parameter (a block
    # may have @yield / @yieldparam instead) and an @return (attributes and constructors are
    # exempt).
    TAGGED = %w[ZCRMSDK ZCRMSDK::Client ZCRMSDK::Configuration ZCRMSDK::COQL ZCRMSDK::WebOAuth
                ZCRMSDK::WebOAuth::Flow ZCRMSDK::ActiveRecordTokenStore ZCRMSDK::Testing
                ZCRMSDK::RestClient::ZCRMRestClient ZCRMSDK::OAuthClient::ZohoOAuth
                ZCRMSDK::OAuthClient::ZohoOAuthClient ZCRMSDK::Operations::ZCRMRecord
                ZCRMSDK::Operations::ZCRMModule ZCRMSDK::Operations::ZCRMModuleRelation
                ZCRMSDK::Org::ZCRMOrganization].freeze

    def run
      # A fresh build: pages of classes made private (or removed) since the last one go away.
      FileUtils.rm_rf(%w[doc .yardoc])
      output = IO.popen(%w[yard doc], err: %i[child out], &:read)
      abort "yard doc failed:\n#{output}" unless $?.success? # rubocop:disable Style/SpecialGlobalVars
      warnings = output.lines.grep(/\[(warn|error)\]:/)
      problems = warnings.map(&:strip) + undocumented
      if problems.empty?
        puts "doc:check: no YARD warnings; #{surface.size} public methods of the surface documented"
        return
      end
      warn "doc:check: #{problems.size} problem(s)"
      problems.each { |p| warn "  #{p}" }
      abort
    end

    def surface
      require 'yard'
      YARD::Registry.clear
      YARD::Registry.load!('.yardoc')
      YARD::Registry.all(:method).select do |m|
        m.visibility == :public && !api_private?(m) &&
          DOCUMENTED.any? { |ns| m.namespace.path == ns || m.namespace.path.start_with?("#{ns}::") }
      end
    end

    def block_param?(method, name)
      method.parameters.any? { |param, _| param == "&#{name}" }
    end

    # `@api private` on the object or any namespace around it (YARD copies the tag down only
    # when the namespace was documented before the object was parsed).
    def api_private?(object)
      until object.nil? || object.root?
        return true if object.tag(:api)&.text == 'private'

        object = object.namespace
      end
      false
    end

    def undocumented
      surface.flat_map do |m|
        # YARD takes a `# ---- section ----` divider above a method for its docstring.
        if m.docstring.blank? || m.docstring.start_with?('----')
          next ["#{m.path} (#{m.file}:#{m.line}): no documentation"]
        end
        next [] unless TAGGED.include?(m.namespace.path) && !m.is_attribute? && m.name != :initialize

        missing = m.parameters.map { |name, _| name.to_s.delete('*&:') }.reject(&:empty?)
                   .reject { |name| m.tags(:param).any? { |t| t.name == name } }
                   .reject { |name| block_param?(m, name) && (m.has_tag?(:yield) || m.has_tag?(:yieldparam)) }
                   .map { |name| "@param #{name}" }
        missing << '@return' unless m.has_tag?(:return)
        missing.empty? ? [] : ["#{m.path} (#{m.file}:#{m.line}): no #{missing.join(', ')}"]
      end
    end
  end
end

desc 'Build the API documentation (YARD) into doc/'
task :doc do
  sh 'yard doc'
end

namespace :doc do
  desc 'Fail on YARD warnings and on undocumented public methods of the public surface'
  task :check do
    ZCRMSDKTasks::DocCheck.run
  end
end
