# frozen_string_literal: true

require_relative 'support/zcrm_stubs_spec'

# Checks the Ruby surface against the introspection of ZCRMSDK 1.0.5
# (spec/fixtures/zcrmsdk-1.0-surface.json, a copy of shared/reference's): every class and
# method user code can reach — RestClient, OAuthClient, Persistence, Operations, Org,
# Response, and the two exception classes with ZohoOAuthParams — exists and accepts at least
# the same positional parameters. (The internal Handler, Request and other Utility classes
# need not exist.)
RSpec.describe 'ZCRMSDK 1.0.5 surface' do
  surface_path = File.expand_path('../fixtures/zcrmsdk-1.0-surface.json', __dir__)
  surface = File.exist?(surface_path) ? JSON.parse(File.read(surface_path)) : {}
  namespaces = %w[ZCRMSDK::RestClient ZCRMSDK::OAuthClient ZCRMSDK::Persistence ZCRMSDK::Operations ZCRMSDK::Org
                  ZCRMSDK::Response]
  single_classes = %w[ZCRMSDK::OAuthUtility::ZohoOAuthException ZCRMSDK::OAuthUtility::ZohoOAuthParams
                      ZCRMSDK::Utility::ZCRMException]
  classes = surface.select do |name, info|
    info['kind'] == 'class' && (single_classes.include?(name) || namespaces.any? { |ns| name.start_with?("#{ns}::") })
  end

  # Theirs → ours: each of their positional parameters must exist at the same place, with
  # the same name (unless theirs is anonymous), and optional where theirs was optional.
  def compatible?(theirs, ours)
    positional = ours.select { |kind, _| %i[req opt].include?(kind) }
    rest = ours.any? { |kind, _| kind == :rest }
    extra_required = positional.drop(theirs.size).any? { |kind, _| kind == :req }
    return false if extra_required

    theirs.each_with_index.all? do |(kind, name), index|
      mine = positional[index]
      next rest if mine.nil?

      (name.to_s.empty? || mine[1].to_s == name) && (kind == 'req' || mine[0] == :opt)
    end
  end

  it 'finds the 1.0.5 introspection file' do
    expect(File.exist?(surface_path)).to be(true)
    expect(classes.size).to be >= 54
  end

  it 'has the 38 entity classes of ZCRMSDK::Operations' do
    names = classes.keys.select { |name| name.start_with?('ZCRMSDK::Operations::') }
    expect(names.size).to eq(38)
  end

  classes.each do |class_name, info|
    describe class_name do
      let(:klass) { Object.const_get(class_name) }

      it 'exists as a class' do
        expect(klass).to be_a(Class)
      end

      it "is a kind of #{info['superclass']}" do
        expect(klass.ancestors).to include(Object.const_get(info['superclass']))
      end

      info['singleton'].each do |method_name, params|
        it ".#{method_name} accepts #{params.map(&:last).join(', ')}" do
          expect(klass).to respond_to(method_name)
          expect(compatible?(params, klass.method(method_name).parameters)).to be(true),
                                                                                 "#{klass.method(method_name).parameters.inspect} vs #{params.inspect}"
        end
      end

      info['instance'].each do |method_name, params|
        it "##{method_name}(#{params.map(&:last).join(', ')})" do
          expect(klass.public_method_defined?(method_name)).to be(true)
          ours = klass.instance_method(method_name).parameters
          expect(compatible?(params, ours)).to be(true), "#{ours.inspect} vs #{params.inspect}"
        end
      end
    end
  end

  it 'constructs every entity with the arguments of its get_instance' do
    classes.each do |class_name, info|
      next unless info['singleton'].key?('get_instance') && class_name.include?('Operations')

      args = info['singleton']['get_instance'].select { |kind, _| kind == 'req' }.map { 'x' }
      expect(Object.const_get(class_name).get_instance(*args)).to be_a(Object.const_get(class_name))
    end
  end
end
