# frozen_string_literal: true

# Issue 8's P1 counted in instructions rather than in time: the user-space instructions one
# `get_record` costs (this process: Ruby and the extension), the engine's native call alone,
# and one request of `raw-get-loop`, the floor of bench/get_record_loop.rb. This VM's clock
# drifts by tens of per cent between runs; an instruction count does not, so it shows what a
# change saved where a wall-time ratio cannot. It ignores the kernel's time and cache misses:
# the wall-time ratio in get_record_loop.rb stays the target.
#
# Each case runs under valgrind's callgrind twice, with WARM + FEW and WARM + MANY calls
# after the same start-up; the difference divided by MANY - FEW is the cost of one call. The
# emulator runs outside valgrind, in its own process. Needs `valgrind` (apt); skipped without.
#
# Run: `rake bench BENCH=call_instructions` (about two minutes).

require_relative 'support/emulator_process'

FEW = 200
MANY = 1_200
RAW_LOOP = File.join(BenchSupport::ROOT, 'target', 'release', 'raw-get-loop')

unless system('valgrind', '--version', out: File::NULL, err: File::NULL)
  puts 'call_instructions: valgrind is not installed (apt install valgrind); skipped'
  exit
end

# Inside valgrind: the calls of one case, after a warm-up, against an emulator of our own.
if (mode = ENV.fetch('CALL_INSTRUCTIONS_MODE', nil))
  BenchSupport.with_emulator do |info|
    leads, ids = BenchSupport.seeded_leads(info, 50)
    engine = ZCRMSDK::Internal.engine!
    args = ids.map { |id| JSON.generate('module' => 'Leads', 'record_id' => id) }
    call = if mode == 'native'
             ->(i) { engine.native.call(info['user_email'], 'records.get', args[i % args.size]) }
           else
             ->(i) { leads.get_record(ids[i % ids.size]) }
           end
    (200 + Integer(ENV.fetch('CALL_INSTRUCTIONS_CALLS'))).times { |i| call.call(i) }
  end
  exit
end

# Instructions of one run of `command` under callgrind (its own process only).
def instructions(command, env: {}, stdin_data: '')
  _, err, status = Open3.capture3(env, 'valgrind', '--tool=callgrind', '--callgrind-out-file=/dev/null', *command,
                                  stdin_data: stdin_data)
  raise "valgrind #{command.first(3).join(' ')} failed: #{err.lines.last(5).join}" unless status.success?

  Integer(err[/refs:\s+([\d,]+)/, 1].delete(','))
end

def per_call
  (yield(MANY) - yield(FEW)) / (MANY - FEW)
end

ruby_case = lambda do |mode|
  per_call do |calls|
    env = { 'CALL_INSTRUCTIONS_MODE' => mode, 'CALL_INSTRUCTIONS_CALLS' => calls.to_s }
    instructions([RbConfig.ruby, '-I', File.join(BenchSupport::ROOT, 'lib'), __FILE__], env: env)
  end
end
floor = BenchSupport.with_emulator do |info|
  _, ids, token = BenchSupport.seeded_leads(info, 50)
  per_call do |calls|
    paths = Array.new(calls) { |i| "/crm/v2/Leads/#{ids[i % ids.size]}" }.join("\n")
    instructions([RAW_LOOP, info['api_base_url'], token, info['ca_file']], stdin_data: paths)
  end
end
native = ruby_case.call('native')
get_record = ruby_case.call('get_record')

puts "instructions a call (callgrind, user space), #{BenchSupport.machine}"
printf("%-36s %8d\n", 'raw-get-loop (reqwest, the floor)', floor)
printf("%-36s %8d = %.2fx the floor\n", 'engine native call (records.get)', native, native.fdiv(floor))
printf("%-36s %8d = %.2fx the floor\n", 'zcrmsdk get_record', get_record, get_record.fdiv(floor))
