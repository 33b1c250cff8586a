# frozen_string_literal: true

require 'rbs'

# The RBS signatures under sig/ cover what Ruby reports as the public instance methods of the
# classes users call most, so a method added (or renamed) without its signature fails here.
RSpec.describe 'RBS signatures (sig/)' do
  sig_dir = Pathname(File.expand_path('../../sig', __dir__))

  def self.builder_for(sig_dir)
    loader = RBS::EnvironmentLoader.new
    loader.add(path: sig_dir)
    RBS::DefinitionBuilder.new(env: RBS::Environment.from_loader(loader).resolve_type_names)
  end

  builder = builder_for(sig_dir)

  def self.type_name(klass)
    RBS::TypeName.new(name: klass.name.split('::').last.to_sym,
                      namespace: RBS::Namespace.parse("::#{klass.name.split('::')[0..-2].join('::')}::"))
  end

  it 'has a signature for every public instance method of the 1.0.x classes' do
    namespaces = [ZCRMSDK::Operations, ZCRMSDK::Org, ZCRMSDK::Response, ZCRMSDK::RestClient, ZCRMSDK::OAuthClient,
                  ZCRMSDK::Persistence, ZCRMSDK::Utility, ZCRMSDK::OAuthUtility]
    # HandlerBridge is the engine's side of a custom token store (@api private).
    classes = namespaces.flat_map { |ns| ns.constants.map { |c| ns.const_get(c) }.grep(Class) }.uniq -
              [ZCRMSDK::Persistence::HandlerBridge]
    expect(classes.size).to be > 50
    missing = classes.flat_map do |klass|
      definition = builder.build_instance(self.class.type_name(klass))
      klass.public_instance_methods(false).reject { |name| definition.methods[name] }.map { |name| "#{klass}##{name}" }
    rescue RuntimeError # RBS: "Unknown name for build_instance"
      ["#{klass} (no signature at all)"]
    end
    expect(missing).to be_empty, "no signature in sig/ for #{missing.join(', ')}"
  end

  [ZCRMSDK::Client, ZCRMSDK::Operations::ZCRMRecord].each do |klass|
    describe klass.name do
      type_name = type_name(klass)
      let(:instance) { builder.build_instance(type_name) }
      let(:singleton) { builder.build_singleton(type_name) }

      it 'declares, in its own signature, every public instance method Ruby reports' do
        missing = klass.public_instance_methods(false).sort.reject do |name|
          instance.methods[name]&.defined_in == type_name
        end
        expect(missing).to be_empty, "no signature in sig/ for #{klass}##{missing.join(", #{klass}#")}"
      end

      it 'declares every public class method Ruby reports' do
        missing = klass.singleton_methods(false).sort.reject { |name| singleton.methods[name]&.defined_in == type_name }
        expect(missing).to be_empty, "no signature in sig/ for #{klass}.#{missing.join(", #{klass}.")}"
      end

      it 'declares no public instance method Ruby does not have' do
        declared = instance.methods.select { |_, m| m.defined_in == type_name && m.public? }.keys - %i[initialize]
        extra = declared.reject { |name| klass.public_method_defined?(name) }
        expect(extra).to be_empty, "sig/ declares #{extra.join(', ')} that #{klass} does not define"
      end
    end
  end
end
