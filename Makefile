# Shinchoku build. `make` builds build/shinchoku; `make test` builds and runs every test;
# `make SAN=1 test` does the same under AddressSanitizer and UndefinedBehaviorSanitizer in
# build-san/. CC=clang works as well as gcc.

CC      ?= cc
PKGS    := sqlite3 jansson libutf8proc xlsxwriter libzip expat libmicrohttpd libargon2 nettle
CFLAGS  ?= -O2 -g
CFLAGS  += -std=c17 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
           -Wno-missing-field-initializers $(shell pkg-config --cflags $(PKGS))
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
endif

SRC      := $(wildcard src/*/*.c)
LIB_SRC  := $(filter-out src/cli/%,$(SRC))
CLI_SRC  := $(filter src/cli/%,$(SRC))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o)
TEST_SRC := $(wildcard test/unit/test_*.c)
TESTS    := $(TEST_SRC:test/unit/%.c=$(BUILD)/test/%)

.PHONY: all test unit unit-bins cli-test clean format bench bench-xlsx fuzz fuzz-bins fuzz-regress

all: $(BUILD)/shinchoku

$(BUILD)/shinchoku: $(CLI_OBJ) $(BUILD)/libshinchoku.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/libshinchoku.a: $(LIB_OBJ)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/%.o: %.c $(wildcard src/*/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/test/%: test/unit/%.c $(wildcard test/unit/*.h) $(BUILD)/libshinchoku.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(shell pkg-config --cflags cmocka) -Isrc -o $@ $< \
	  $(BUILD)/libshinchoku.a $(LDFLAGS) $(LDLIBS) $(shell pkg-config --libs cmocka)

unit-bins: $(TESTS)

unit: $(TESTS)
	@set -e; for t in $(TESTS); do echo "== $$t"; $$t; done

cli-test: $(BUILD)/shinchoku
	@SHINCHOKU=$(CURDIR)/$(BUILD)/shinchoku bash test/cli/run.sh

test: unit cli-test

format:
	clang-format -i src/*/*.c src/*/*.h test/unit/*.c test/unit/*.h test/fuzz/*.c test/fuzz/*.h

clean:
	rm -rf build build-san build-clang build-fuzz

# The national-scale benchmark (docs/benchmarks.md). Not part of `make test`.
$(BUILD)/bench: tools/bench/bench.c $(BUILD)/libshinchoku.a
	$(CC) $(CFLAGS) -Isrc -o $@ $< $(BUILD)/libshinchoku.a $(LDFLAGS) $(LDLIBS)

bench: $(BUILD)/bench
	$(BUILD)/bench /tmp/shinchoku-bench

# Import of one Excel workbook with 100,800 value rows (docs/benchmarks.md; target < 5 s).
bench-xlsx: $(BUILD)/bench
	@d=$$(mktemp -d) && $(BUILD)/bench $$d 42 xlsx; rc=$$?; rm -rf $$d; exit $$rc

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
