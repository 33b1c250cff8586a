# frozen_string_literal: true

# Builds the Rust extensions with plain mkmf + cargo: no rb_sys gem, no rake-compiler. Two
# libraries come out of one cargo run (the dependencies they share are compiled once):
#   zcrmsdk_native          (crate ext/zcrmsdk)          the engine, what production loads
#   zcrmsdk_testing_native  (crate ext/zcrmsdk_testing)  the emulator, loaded only by
#                                                        `require 'zcrmsdk/testing'` and `zcrm`
# This script only checks the toolchain and writes a Makefile; RubyGems (or `rake compile`)
# then runs `make clean`, `make` and `make install`.
#
# Environment:
#   CARGO                    cargo executable (default: `cargo` on PATH, then ~/.cargo/bin/cargo)
#   CARGO_TARGET_DIR         reuse this cargo target folder (read when make runs; never deleted)
#   ZCRMSDK_CARGO_PROFILE    cargo profile: release (default) or dev
#   ZCRMSDK_SKIP_LIBCLANG_CHECK=1  skip the libclang probe (for unusual toolchain layouts)
#   ZCRMSDK_SKIP_TESTING=1   build the engine only (a production host that never runs the
#                            emulator saves its build; `require 'zcrmsdk/testing'` then says so)

require 'mkmf'
require 'rbconfig'

# crate => library
LIBRARIES = { 'zcrmsdk' => 'zcrmsdk_native', 'zcrmsdk_testing' => 'zcrmsdk_testing_native' }
LIBRARIES.delete('zcrmsdk_testing') if ENV['ZCRMSDK_SKIP_TESTING'] == '1'

# In the repository and in an installed gem alike, the Cargo workspace root is two levels up.
workspace_root = File.expand_path('../..', __dir__)
manifest = File.join(workspace_root, 'Cargo.toml')
abort "ZCRMSDK: #{manifest} is missing; the gem was packaged without its Rust sources." unless File.file?(manifest)
unless File.file?(File.join(workspace_root, 'Cargo.lock'))
  abort "ZCRMSDK: #{File.join(workspace_root, 'Cargo.lock')} is missing; the build uses `cargo build --locked`."
end

def find_cargo
  explicit = ENV['CARGO'].to_s
  return explicit unless explicit.empty?

  find_executable('cargo') || [File.join(Dir.home, '.cargo', 'bin', 'cargo')].find { |f| File.executable?(f) }
rescue ArgumentError # Dir.home without HOME
  nil
end

cargo = find_cargo
unless cargo
  abort <<~MSG
    ZCRMSDK: `cargo` (the Rust toolchain) was not found; it is needed to build the native extension.
    Install it with rustup, then retry:
        curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
        export PATH="$HOME/.cargo/bin:$PATH"
    (or set CARGO=/path/to/cargo)
  MSG
end

LIBCLANG_HELP = <<~MSG
  ZCRMSDK: libclang was not found. The Ruby bindings (rb-sys) run bindgen, which loads libclang
  at build time. Install it, then retry:
      Debian/Ubuntu:  apt-get install libclang-dev
      Fedora/RHEL:    dnf install clang-devel
      macOS:          xcode-select --install   (or: brew install llvm)
  If libclang lives somewhere unusual, set LIBCLANG_PATH to the folder that holds it.
MSG

def libclang_dirs
  dirs = [ENV['LIBCLANG_PATH']]
  llvm_config = find_executable0('llvm-config')
  dirs << IO.popen([llvm_config, '--libdir'], err: File::NULL, &:read).to_s.strip if llvm_config
  dirs += %w[/usr/lib /usr/lib64 /usr/local/lib /usr/local/opt/llvm/lib /opt/homebrew/opt/llvm/lib
             /Library/Developer/CommandLineTools/usr/lib]
  dirs += Dir['/usr/lib/*-linux-gnu'] + Dir['/usr/lib/llvm*/lib'] + Dir['/usr/lib64/llvm*/lib']
  dirs.compact.reject(&:empty?).uniq
end

def find_libclang
  names = %w[libclang.so libclang.so.* libclang-*.so libclang-*.so.* libclang.dylib]
  libclang_dirs.each do |dir|
    hit = names.flat_map { |n| Dir[File.join(dir, n)] }.find { |f| !File.basename(f).start_with?('libclang-cpp') }
    return hit if hit
  end
  nil
end

unless ENV['ZCRMSDK_SKIP_LIBCLANG_CHECK'] == '1'
  # (mkmf sends output inside `checking_for` to mkmf.log, so report outside it)
  libclang = nil
  checking_for('libclang (for bindgen)') { libclang = find_libclang }
  abort LIBCLANG_HELP unless libclang
  if RbConfig::CONFIG['host_os'].include?('linux')
    # clang's own headers (stddef.h...) come from a separate package on Debian
    # (libclang-common-N-dev, pulled in by libclang-dev); without them bindgen fails.
    headers = Dir[File.join(File.dirname(libclang), 'clang', '*', 'include', 'stddef.h')] +
              Dir['/usr/lib{,64}/clang/*/include/stddef.h'] +
              Dir['/usr/lib/llvm*/lib{,64}/clang/*/include/stddef.h']
    if headers.empty?
      warn "ZCRMSDK: found #{libclang} but not clang's builtin headers (stddef.h); " \
           'if bindgen fails, install them: apt-get install libclang-dev'
    end
  end
end

cc = RbConfig::CONFIG['CC'].to_s.split.first || 'cc'
unless find_executable(cc) || find_executable('cc')
  abort "ZCRMSDK: no C compiler/linker (`#{cc}`) found. Debian/Ubuntu: apt-get install build-essential"
end

profile = ENV.fetch('ZCRMSDK_CARGO_PROFILE', 'release')
profile_flag = profile == 'release' ? '--release' : "--profile #{profile}"
profile_dir = profile == 'dev' ? 'debug' : profile
dlext = RbConfig::CONFIG['DLEXT']
soext = RbConfig::CONFIG['SOEXT']
private_target = File.expand_path('target', Dir.pwd)
sh = ->(s) { s.to_s.gsub("'") { %('"'"') }.then { |q| "'#{q}'" } } # single-quote for /bin/sh

packages = LIBRARIES.keys.map { |crate| "-p #{crate}" }.join(' ')
# One line per library: copy to a temp name, then rename over the installed one.
installs = LIBRARIES.values.map do |lib|
  "\ttmp=\"$(LIBDIR)/.#{lib}.#{dlext}.$$$$\"; " \
    "cp \"$(CARGO_OUT)/lib#{lib}.#{soext}\" \"$$tmp\" && mv -f \"$$tmp\" \"$(LIBDIR)/#{lib}.#{dlext}\""
end.join("\n")

File.write('Makefile', <<~MAKE)
  # Generated by #{File.expand_path(__FILE__)}: do not edit.
  SHELL = /bin/sh
  RUBY = #{RbConfig.ruby}
  CARGO = #{cargo}
  sitearchdir = #{RbConfig::CONFIG['sitearchdir']}
  target_prefix = /zcrmsdk
  PRIVATE_TARGET_DIR = #{private_target}
  # An exported CARGO_TARGET_DIR wins (it is shared and never deleted); otherwise cargo
  # builds in PRIVATE_TARGET_DIR, which `make install` and `make clean` remove.
  ifeq ($(strip $(CARGO_TARGET_DIR)),)
  CARGO_TARGET_DIR = $(PRIVATE_TARGET_DIR)
  endif
  # RubyGems exports SOURCE_DATE_EPOCH=<now> to builds, and the cc crate reruns C builds
  # (ring, sqlite, zstd) whenever it changes. In a shared target folder, build with the
  # environment plain cargo uses, so those artifacts are reused instead of rebuilt.
  ifeq ($(CARGO_TARGET_DIR),$(PRIVATE_TARGET_DIR))
  CARGO_ENV = env
  else
  CARGO_ENV = env -u SOURCE_DATE_EPOCH
  endif
  CARGO_OUT = $(CARGO_TARGET_DIR)/#{profile_dir}
  LIBDIR = $(DESTDIR)$(sitearchdir)$(target_prefix)

  # `make` only runs cargo: nothing is written next to this Makefile, because in an installed
  # gem this folder is the cargo package folder and new files there would make the second
  # cargo run (from `make install`) rebuild the crate.
  all: FORCE
  \t$(CARGO_ENV) RUBY=#{sh[RbConfig.ruby]} $(CARGO) build --locked #{profile_flag} #{packages} --lib \\
  \t  --manifest-path #{sh[manifest]} --target-dir "$(CARGO_TARGET_DIR)"

  # Copy, then rename: a Ruby process that has the old library loaded keeps a valid mapping
  # (overwriting a loaded .so in place crashes that process).
  install: all
  \tmkdir -p "$(LIBDIR)"
  #{installs}
  \t$(MAKE) clean-build

  # Drop the private cargo output so an installed gem does not keep hundreds of MB of it
  # (a CARGO_TARGET_DIR given by the caller is shared and left alone).
  clean-build:
  \trm -rf "$(PRIVATE_TARGET_DIR)"

  clean: clean-build

  distclean: clean
  \trm -f Makefile mkmf.log

  FORCE:
  .PHONY: all install clean clean-build distclean FORCE
MAKE

message "ZCRMSDK: Makefile written (cargo #{profile} build of #{LIBRARIES.keys.join(" and ")}, workspace #{workspace_root}).\n"
