# frozen_string_literal: true

desc 'Memory growth: 10,000 init + call cycles and 100,000 calls with a custom store (release build)'
task mem: 'compile:release' do
  root = ZCRMSDKTasks::ROOT
  script = File.join(root, 'bench', 'mem', 'growth.rb')
  sh RbConfig.ruby, '-I', File.join(root, 'lib'), script
end
