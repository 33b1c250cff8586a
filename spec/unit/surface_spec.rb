# frozen_string_literal: true

require_relative 'support/zcrm_stubs_spec'

# Checks the Ruby surface against the introspection of ZCRMSDK 1.0.5
# (shared/reference/zcrmsdk-1.0-surface.json): every class and method of Operations, Org and
# Response exists and accepts at least the same positional parameters.
RSpec.describe 'ZCRMSDK 1.0.5 surface' do
  surface_path = [File.expand_path('../../../shared/reference/zcrmsdk-1.0-surface.json', __dir__),
                  '/work/shared/reference/zcrmsdk-1.0-surface.json'].find { |path| File.exist?(path) }
  surface = surface_path ? JSON.parse(File.read(surface_path)) : {}
  namespaces = %w[ZCRMSDK::Operations ZCRMSDK::Org ZCRMSDK::Response]
  classes = surface.select { |name, info| info['kind'] == 'class' && namespaces.any? { |ns| name.start_with?("#{ns}::") } }

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
    expect(surface_path).not_to be_nil
    expect(classes.size).to be >= 45
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

      it "has superclass #{info['superclass']}" do
        expect(klass.superclass.name).to eq(info['superclass'])
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
