# tdesk: a terminal support-desk console.
#
#   make              build ./tdesk
#   make check        install missing Debian packages, build, run every test
#   make check-asan   the same tests against an AddressSanitizer + UBSan build
#   make demo         the test backend with the demo scenario, and tdesk on it
#   make fuzz         build and run the libFuzzer targets (clang)
#   make install      PREFIX=/usr/local DESTDIR=
#
# Sources are found by wildcard: a new file in api/, cache/ or a folder of
# tui/ is part of the program, a new tests/unit/test_*.c is a unit test suite, a new
# tests/fuzz/fuzz_*.c a fuzz target, a new tests/tools/NAME_shim.c an
# LD_PRELOAD library for the shell suites ($(B)/tools/NAME_shim.so).

VERSION	= 0.1.0
PREFIX	?= /usr/local
BINDIR	?= $(PREFIX)/bin
MANDIR	?= $(PREFIX)/share/man
DATADIR	?= $(PREFIX)/share/tdesk

CC	?= cc
PKG_CONFIG ?= pkg-config
B	?= build
TDESK	?= ./tdesk

PKGS	 = ncursesw libcurl jansson sqlite3
HAVE_LIBNOTIFY := $(shell $(PKG_CONFIG) --exists libnotify 2>/dev/null && echo 1)
ifeq ($(HAVE_LIBNOTIFY),1)
PKGS	+= libnotify
NOTIFY_DEF = -DHAVE_LIBNOTIFY=1
endif
PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)

WARN	= -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
	  -Wmissing-prototypes -Wformat=2 -Wvla -Wcast-qual -Wpointer-arith \
	  -Wno-unused-parameter
ifneq ($(CI)$(WERROR),)
WARN	+= -Werror
endif
CFLAGS	?= -O2 -g
ALL_CFLAGS = $(WARN) $(CFLAGS) $(SAN_FLAGS)
ALL_CPPFLAGS = -D_GNU_SOURCE -DTDESK_VERSION='"$(VERSION)"' \
	  -DTDESK_DATADIR='"$(DATADIR)"' $(NOTIFY_DEF) -I. \
	  $(PKG_CFLAGS) $(CPPFLAGS) -MMD -MP
LDLIBS	+= $(PKG_LIBS) -lpthread

# Quiet build lines ("CC api/money.c"); V=1 shows the full commands.
ifeq ($(V),1)
Q	=
msg	= @true
else
Q	= @
msg	= @printf '  %-6s %s\n'
endif

ifneq ($(SANITIZE),)
SAN_FLAGS = -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
endif

API_SRC	  = $(wildcard api/*.c)
CACHE_SRC = $(wildcard cache/*.c)
TUI_SRC	  = $(filter-out tui/cli/main.c,$(wildcard tui/*/*.c))
LIB_OBJ	  = $(patsubst %.c,$(B)/%.o,$(API_SRC) $(CACHE_SRC) $(TUI_SRC))
UNIT_SRC  = $(wildcard tests/unit/test_*.c)
UNIT_BIN  = $(patsubst tests/unit/%.c,$(B)/tests/%,$(UNIT_SRC))
FUZZ_SRC  = $(wildcard tests/fuzz/fuzz_*.c)
TOOL_SRC  = $(filter-out %_shim.c,$(wildcard tests/tools/*.c))
TOOL_BIN  = $(patsubst tests/tools/%.c,$(B)/tools/%,$(TOOL_SRC))
SHIM_SRC  = $(wildcard tests/tools/*_shim.c)
SHIM_LIB  = $(patsubst tests/tools/%.c,$(B)/tools/%.so,$(SHIM_SRC))
BENCH_SRC = $(wildcard tests/bench/*.c)
BENCH_BIN = $(patsubst tests/bench/%.c,$(B)/bench/%,$(BENCH_SRC))

.PHONY: all deps check check-asan check-run demo fuzz install uninstall clean pkgcheck units bench

all: tdesk

deps:
	@sh scripts/deps.sh

# Reports every missing library at once, with the command that installs it.
pkgcheck:
	@missing=""; for p in ncursesw libcurl jansson sqlite3; do \
		$(PKG_CONFIG) --exists $$p || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "missing libraries:$$missing (run: sh scripts/deps.sh)" >&2; exit 1; fi

tdesk: $(B)/tdesk
	@cp $(B)/tdesk $@

# Tests and fuzz targets link the archive, so each pulls in only the modules
# it uses.
$(B)/libtdesk.a: $(LIB_OBJ)
	@rm -f $@
	$(msg) AR $@
	$(Q)$(AR) rcs $@ $^

$(B)/tdesk: $(B)/tui/cli/main.o $(B)/libtdesk.a
	$(msg) LINK $@
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(B)/%.o: %.c | pkgcheck
	@mkdir -p $(@D)
	$(msg) CC $<
	$(Q)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(B)/tests/%: tests/unit/%.c $(B)/libtdesk.a | pkgcheck
	@mkdir -p $(@D)
	$(msg) CC $<
	$(Q)$(CC) $(ALL_CPPFLAGS) -Itests/unit $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(B)/libtdesk.a $(LDLIBS)

# Test tools: small programs the shell suites drive (found in $BUILD/tools).
$(B)/tools/%: tests/tools/%.c $(B)/libtdesk.a | pkgcheck
	@mkdir -p $(@D)
	$(msg) CC $<
	$(Q)$(CC) $(ALL_CPPFLAGS) -Itests/unit $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(B)/libtdesk.a $(LDLIBS)

# LD_PRELOAD libraries the shell suites load into tdesk (tests/tools/*_shim.c).
# Built without the sanitizers: they link no runtime of their own, and a
# sanitized tdesk's interceptors still reach them through dlsym(RTLD_NEXT).
$(B)/tools/%.so: tests/tools/%.c | pkgcheck
	@mkdir -p $(@D)
	$(msg) CC $<
	$(Q)$(CC) -D_GNU_SOURCE $(WARN) $(CFLAGS) -fPIC -shared -o $@ $< -ldl

$(B)/bench/%: tests/bench/%.c $(B)/libtdesk.a | pkgcheck
	@mkdir -p $(@D)
	$(msg) CC $<
	$(Q)$(CC) $(ALL_CPPFLAGS) -Itests/unit $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(B)/libtdesk.a $(LDLIBS)

units: $(UNIT_BIN) $(TOOL_BIN) $(SHIM_LIB)

# Benchmarks: figures, not pass/fail; each program prints its own.
bench:
	@sh scripts/deps.sh
	@$(MAKE) --no-print-directory $(BENCH_BIN)
	@for b in $(BENCH_BIN); do echo "== $$b"; $$b || exit 1; done

check:
	@sh scripts/deps.sh
	@$(MAKE) --no-print-directory check-run

check-run: $(B)/tdesk tdesk units
	@TDESK=$(abspath $(B)/tdesk) BUILD=$(abspath $(B)) sh tests/run.sh

check-asan:
	@sh scripts/deps.sh
	@$(MAKE) --no-print-directory B=build-asan CC=clang SANITIZE=address,undefined \
	    CFLAGS="-O1 -g" build-asan/tdesk units
	@TDESK=$(abspath build-asan/tdesk) BUILD=$(abspath build-asan) \
	    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 sh tests/run.sh

demo:
	@sh scripts/deps.sh
	@$(MAKE) --no-print-directory tdesk
	@sh scripts/demo.sh $(abspath tdesk)

# libFuzzer targets: each links the library built with clang and the fuzzer
# instrumentation. FUZZ_SECONDS bounds each run.
FUZZ_SECONDS ?= 20
FUZZ_CFLAGS = -O1 -g -fsanitize=fuzzer-no-link,address,undefined
fuzz:
	@sh scripts/deps.sh
	@$(MAKE) --no-print-directory B=build-fuzz CC=clang CFLAGS="$(FUZZ_CFLAGS)" \
	    $(patsubst tests/fuzz/%.c,build-fuzz/fuzz/%,$(FUZZ_SRC))
	@for f in $(patsubst tests/fuzz/%.c,%,$(FUZZ_SRC)); do \
		mkdir -p build-fuzz/corpus/$$f; \
		seeds=tests/fuzz/corpus/$$f; [ -d $$seeds ] || seeds=; \
		echo "fuzz: $$f ($(FUZZ_SECONDS) s)"; \
		build-fuzz/fuzz/$$f -max_total_time=$(FUZZ_SECONDS) -print_final_stats=0 \
		    build-fuzz/corpus/$$f $$seeds >build-fuzz/$$f.log 2>&1 || \
		    { tail -n 40 build-fuzz/$$f.log; exit 1; }; \
	done; echo "fuzz: all targets ran clean"

build-fuzz/fuzz/%: tests/fuzz/%.c build-fuzz/libtdesk.a
	@mkdir -p $(@D)
	$(msg) FUZZ $<
	$(Q)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -fsanitize=fuzzer -o $@ $< build-fuzz/libtdesk.a $(LDLIBS)

install: tdesk
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(DATADIR)/keymaps
	install -m 0755 tdesk $(DESTDIR)$(BINDIR)/tdesk
	install -m 0644 man/tdesk.1 $(DESTDIR)$(MANDIR)/man1/tdesk.1
	install -m 0644 man/tdesk.conf.5 $(DESTDIR)$(MANDIR)/man5/tdesk.conf.5
	for k in keymaps/*.keys; do [ -e "$$k" ] || continue; \
		install -m 0644 "$$k" $(DESTDIR)$(DATADIR)/keymaps/; done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/tdesk $(DESTDIR)$(MANDIR)/man1/tdesk.1 \
	    $(DESTDIR)$(MANDIR)/man5/tdesk.conf.5
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build build-asan build-fuzz tdesk

-include $(shell find $(B) -name '*.d' 2>/dev/null)
