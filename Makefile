# SPDX-License-Identifier: Apache-2.0
# Shinchoku build. `make` builds build/shinchoku; `make test` builds and runs every test;
# `make SAN=1 test` does the same under AddressSanitizer and UndefinedBehaviorSanitizer in
# build-san/, `make TSAN=1` under ThreadSanitizer in build-tsan/. CC=clang works as well as gcc.

CC      ?= cc
PKGS    := sqlite3 libpq jansson libutf8proc xlsxwriter libzip expat libmicrohttpd libargon2 nettle \
           pangocairo cairo-pdf inih libcurl
VERSION := $(shell cat VERSION)
CFLAGS  ?= -O2 -g
CFLAGS  += -std=c17 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
           -Wno-missing-field-initializers $(shell pkg-config --cflags $(PKGS)) \
           -DSHINCHOKU_VERSION='"$(VERSION)"'
LDLIBS  := $(shell pkg-config --libs $(PKGS)) -lcsv -lm
BUILD   ?= build

# FUZZ=1: clang with coverage for libFuzzer and ASan/UBSan, in build-fuzz/ (make fuzz).
ifeq ($(FUZZ),1)
BUILD   := build-fuzz
CC      := clang
CFLAGS  += -O1 -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer \
           -fno-sanitize-recover=all
LDFLAGS += -fsanitize=address,undefined
endif

ifeq ($(SAN),1)
BUILD   := build-san
CFLAGS  += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS += -fsanitize=address,undefined
# Leaks that are fontconfig's and cairo's own (the file says which and why).
export LSAN_OPTIONS ?= suppressions=$(CURDIR)/tools/lsan.supp:print_suppressions=0
endif

# `make TSAN=1` builds the same under ThreadSanitizer in build-tsan/ (test/web/tsan.sh drives
# the server with readers, editors, approvals and reloads at once).
ifeq ($(TSAN),1)
BUILD   := build-tsan
CFLAGS  += -O1 -fsanitize=thread -fno-omit-frame-pointer
LDFLAGS += -fsanitize=thread
endif

SRC      := $(wildcard src/*/*.c src/*/*/*.c)
LIB_SRC  := $(filter-out src/cli/%,$(SRC))
CLI_SRC  := $(filter src/cli/%,$(SRC))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o)
TEST_SRC := $(wildcard test/unit/test_*.c)
TESTS    := $(TEST_SRC:test/unit/%.c=$(BUILD)/test/%)

.PHONY: all test unit unit-bins cli-test clean format bench bench-xlsx man fuzz fuzz-bins fuzz-regress

all: $(BUILD)/shinchoku man

# The man pages, written by the binary from the tables its --help prints (src/cli/help_doc.c).
MAN := $(BUILD)/man/shinchoku.1 $(BUILD)/man/shinchoku.conf.5
man: $(MAN)
$(BUILD)/man/shinchoku.1: $(BUILD)/shinchoku
	@mkdir -p $(dir $@)
	$(BUILD)/shinchoku help --roff 1 >$@
$(BUILD)/man/shinchoku.conf.5: $(BUILD)/shinchoku
	@mkdir -p $(dir $@)
	$(BUILD)/shinchoku help --roff 5 >$@

$(BUILD)/shinchoku: $(CLI_OBJ) $(BUILD)/libshinchoku.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# Only these two print the version: they alone are rebuilt when VERSION changes.
$(BUILD)/src/cli/cmd_version.o $(BUILD)/src/cli/help.o: VERSION

$(BUILD)/libshinchoku.a: $(LIB_OBJ)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/%.o: %.c $(wildcard src/*/*.h src/*/*/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/test/%: test/unit/%.c $(wildcard test/unit/*.h) $(BUILD)/libshinchoku.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(shell pkg-config --cflags cmocka) -Isrc -o $@ $< \
	  $(BUILD)/libshinchoku.a $(LDFLAGS) $(LDLIBS) $(shell pkg-config --libs cmocka)

unit-bins: $(TESTS)

unit: $(TESTS)
	@set -e; for t in $(TESTS); do echo "== $$t"; $$t; done

cli-test: $(BUILD)/shinchoku
	@SHINCHOKU=$(CURDIR)/$(BUILD)/shinchoku bash test/cli/run.sh && \
	  SHINCHOKU=$(CURDIR)/$(BUILD)/shinchoku bash test/cli/check.sh

test: unit cli-test

format:
	clang-format -i src/*/*.c src/*/*.h src/*/*/*.c src/*/*/*.h test/unit/*.c test/unit/*.h \
	  test/fuzz/*.c test/fuzz/*.h

clean:
	rm -rf build build-san build-clang build-tsan build-fuzz

# The national-scale benchmark beside its peers (docs/benchmarks.md, tools/bench/run.sh; needs
# sqlite3, python3-pandas and postgresql: bash tools/deps.sh bench). Not part of `make test`.
# BENCH_ARGS="MUNICIPALITIES RUNS", default 1741 municipalities, three runs.
$(BUILD)/bench: tools/bench/bench.c $(BUILD)/libshinchoku.a
	$(CC) $(CFLAGS) -Isrc -o $@ $< $(BUILD)/libshinchoku.a $(LDFLAGS) $(LDLIBS)

bench: $(BUILD)/shinchoku $(BUILD)/bench
	bash tools/bench/run.sh $(BENCH_ARGS)

# Import of one Excel workbook with 100,800 value rows (docs/benchmarks.md; target < 5 s).
bench-xlsx: $(BUILD)/bench
	@d=$$(mktemp -d) && $(BUILD)/bench $$d 42 xlsx; rc=$$?; rm -rf $$d; exit $$rc

# Installing: `make install PREFIX=/usr DESTDIR=/tmp/root` puts the binary, the man pages, bash
# completion, the systemd unit and the example configuration under DESTDIR. The configuration
# goes to SYSCONFDIR only when none is there (an operator's file is never overwritten); the
# example is always in the documentation folder.
PREFIX     ?= /usr/local
SYSCONFDIR ?= $(if $(filter /usr,$(PREFIX)),/etc,$(PREFIX)/etc)
BINDIR     ?= $(PREFIX)/bin
MANDIR     ?= $(PREFIX)/share/man
DOCDIR     ?= $(PREFIX)/share/doc/shinchoku
COMPDIR    ?= $(PREFIX)/share/bash-completion/completions
UNITDIR    ?= $(PREFIX)/lib/systemd/system
INSTALLED  := $(BINDIR)/shinchoku $(MANDIR)/man1/shinchoku.1 $(MANDIR)/man5/shinchoku.conf.5 \
              $(COMPDIR)/shinchoku $(UNITDIR)/shinchoku.service $(DOCDIR)/examples/shinchoku.conf

.PHONY: install uninstall
install: $(BUILD)/shinchoku $(MAN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
	  $(DESTDIR)$(COMPDIR) $(DESTDIR)$(UNITDIR) $(DESTDIR)$(DOCDIR)/examples \
	  $(DESTDIR)$(SYSCONFDIR)/shinchoku
	install -m 755 $(BUILD)/shinchoku $(DESTDIR)$(BINDIR)/shinchoku
	install -m 644 $(BUILD)/man/shinchoku.1 $(DESTDIR)$(MANDIR)/man1/shinchoku.1
	install -m 644 $(BUILD)/man/shinchoku.conf.5 $(DESTDIR)$(MANDIR)/man5/shinchoku.conf.5
	install -m 644 dist/shinchoku.bash-completion $(DESTDIR)$(COMPDIR)/shinchoku
	sed 's|@BINDIR@|$(BINDIR)|g; s|@SYSCONFDIR@|$(SYSCONFDIR)|g' dist/shinchoku.service.in \
	  >$(DESTDIR)$(UNITDIR)/shinchoku.service
	chmod 644 $(DESTDIR)$(UNITDIR)/shinchoku.service
	install -m 644 dist/shinchoku.conf $(DESTDIR)$(DOCDIR)/examples/shinchoku.conf
	[ -e $(DESTDIR)$(SYSCONFDIR)/shinchoku/shinchoku.conf ] || \
	  install -m 644 dist/shinchoku.conf $(DESTDIR)$(SYSCONFDIR)/shinchoku/shinchoku.conf

# Removes what install put there, except a configuration file an operator may have edited.
uninstall:
	rm -f $(addprefix $(DESTDIR),$(INSTALLED))
	-rmdir $(DESTDIR)$(DOCDIR)/examples $(DESTDIR)$(DOCDIR) $(DESTDIR)$(SYSCONFDIR)/shinchoku 2>/dev/null
# Fuzzing (docs/testing.md): one libFuzzer target per way bytes come in, test/fuzz/fuzz_*.c.
# `make fuzz FUZZ_SECONDS=N` builds them and runs each for N seconds (new inputs are added to
# test/fuzz/corpus/TARGET/); `make fuzz-regress` runs each committed corpus once.
FUZZ_SECONDS ?= 60
FUZZ_SRC     := $(wildcard test/fuzz/fuzz_*.c)
FUZZ_BINS    := $(FUZZ_SRC:test/fuzz/fuzz_%.c=build-fuzz/fuzz/%)

build-fuzz/fuzz/%: test/fuzz/fuzz_%.c test/fuzz/fuzz.h build-fuzz/libshinchoku.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -fsanitize=fuzzer -DFUZZ_ROOT='"$(CURDIR)"' -Isrc -o $@ $< \
	  build-fuzz/libshinchoku.a $(LDFLAGS) $(LDLIBS)

fuzz-bins:
	@$(MAKE) --no-print-directory FUZZ=1 $(FUZZ_BINS)

fuzz: fuzz-bins
	bash tools/fuzz.sh run $(FUZZ_SECONDS)

fuzz-regress: fuzz-bins
	bash tools/fuzz.sh regress
