# fdss — plain Makefile.  `make demo` and `make check` are the whole set-up
# on a fresh Debian 12 machine: both install missing packages first.
#
# PREFIX is compiled into the libexec path of `fdss` and written into
# fdss.pc; $(B)/config.mk records it, and a `make install PREFIX=…` after
# a `make` with another one rebuilds both.  The installed `fdss` also
# finds its commands in ../libexec/fdss from itself, wherever it is.

VERSION     = 0.1.0
SOVERSION   = 0
PREFIX     ?= /usr/local
BINDIR      = $(PREFIX)/bin
LIBDIR      = $(PREFIX)/lib
INCLUDEDIR  = $(PREFIX)/include
LIBEXECDIR  = $(PREFIX)/libexec/fdss
MANDIR      = $(PREFIX)/share/man
BASHCOMPDIR = $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR  = $(PREFIX)/share/zsh/site-functions

CC         ?= cc
CFLAGS     ?= -O2 -g
LDFLAGS    ?=
PKG_CONFIG ?= pkg-config
B          ?= build

WARNINGS = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
	   -Wmissing-prototypes -Wvla -Werror
DEPS        = sqlite3 libcjson xlsxwriter libzip expat freexl libpq
DEPS_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(DEPS) 2>/dev/null)
DEPS_LIBS   := $(shell $(PKG_CONFIG) --libs $(DEPS) 2>/dev/null || \
		 echo -lsqlite3 -lcjson -lxlsxwriter -lz -lzip -lexpat -lfreexl -lpq)
DEPS_LIBS  += -lm	# fdss check's χ² (lib/check_stats.c)
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L $(WARNINGS) -fPIC \
	     -Iinclude -Ilib -Icmd $(DEPS_CFLAGS) $(CFLAGS) -MMD -MP
# cmd/ sees the public API only (<fdss/...>) and its own cli.h: no -Ilib
CMD_CFLAGS = $(filter-out -Ilib,$(ALL_CFLAGS))

LIB_SRC  = $(wildcard lib/*.c)
CMD_SRC  = $(wildcard cmd/fdss-*.c)
TEST_SRC = $(wildcard tests/unit/test_*.c) tests/unit/seed.c
SCHEMA   = $(sort $(wildcard schema/[0-9][0-9][0-9][0-9]_*.sql))
REGIONS  = lib/data/provinces.csv lib/data/cities.csv lib/data/areas.csv

LIB_OBJ  = $(LIB_SRC:%.c=$(B)/obj/%.o) $(B)/obj/gen/schema.o $(B)/obj/gen/regions.o
CMDS     = $(CMD_SRC:cmd/%.c=$(B)/%)
CLI_OBJ  = $(B)/obj/cmd/cli.o $(B)/obj/cmd/cli_options.o $(B)/obj/cmd/cli_batch.o $(B)/obj/cmd/cli_operand.o \
	   $(B)/obj/cmd/cli_db.o $(B)/obj/cmd/cli_file.o $(B)/obj/cmd/cli_print.o \
	   $(B)/obj/cmd/cli_audit.o $(B)/obj/cmd/cli_fix.o $(B)/obj/cmd/cli_batch_end.o \
	   $(B)/obj/cmd/cli_contract.o $(B)/obj/cmd/cli_filter.o $(B)/obj/cmd/cli_leave.o
# visits and conditions as fdss followup and fdss condition take them
CLI_OBJ += $(B)/obj/cmd/cli_visit.o $(B)/obj/cmd/cli_condition.o
# the verbs of a command; area imports, team printers, report and check
CLI_OBJ += $(B)/obj/cmd/cli_verb.o $(B)/obj/cmd/cli_area.o \
	   $(B)/obj/cmd/cli_team.o $(B)/obj/cmd/cli_report.o
PROGRAMS = $(B)/fdss $(CMDS)
MANPAGES = $(wildcard man/*.1 man/*.7)

SANITIZE = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
	   -fno-sanitize-recover=all

all: $(B)/libfdss.a $(B)/libfdss.so $(B)/fdss.pc $(PROGRAMS)

# --- generated sources -------------------------------------------------
$(B)/gen/schema.c: lib/gen-schema.sh $(SCHEMA)
	@mkdir -p $(@D)
	sh lib/gen-schema.sh $(SCHEMA) > $@.tmp && mv $@.tmp $@

$(B)/gen/regions.c: lib/gen-regions.sh $(REGIONS)
	@mkdir -p $(@D)
	sh lib/gen-regions.sh $(REGIONS) > $@.tmp && mv $@.tmp $@

$(B)/obj/gen/%.o: $(B)/gen/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Wno-overlength-strings -c -o $@ $<

# --- configuration -----------------------------------------------------
# The install paths that are built in, rewritten only when they change
# (the recipe always runs; the file's time moves only with its text).
CONFIG = PREFIX=$(PREFIX) LIBDIR=$(LIBDIR) INCLUDEDIR=$(INCLUDEDIR) \
	 LIBEXECDIR=$(LIBEXECDIR)
$(B)/config.mk: FORCE
	@mkdir -p $(@D)
	@printf '%s\n' '$(CONFIG)' | cmp -s - $@ || \
		printf '%s\n' '$(CONFIG)' > $@

# --- library -----------------------------------------------------------
$(B)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/obj/cmd/%.o: cmd/%.c
	@mkdir -p $(@D)
	$(CC) $(CMD_CFLAGS) -c -o $@ $<

$(B)/obj/cmd/fdss_path.o: cmd/fdss_path.c $(B)/config.mk
	@mkdir -p $(@D)
	$(CC) $(CMD_CFLAGS) -DFDSS_LIBEXECDIR='"$(LIBEXECDIR)"' -c -o $@ $<

$(B)/libfdss.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $(LIB_OBJ)

$(B)/libfdss.so.$(VERSION): $(LIB_OBJ) lib/libfdss.map
	$(CC) -shared -Wl,-soname,libfdss.so.$(SOVERSION) \
		-Wl,--version-script=lib/libfdss.map $(CFLAGS) $(LDFLAGS) \
		-o $@ $(LIB_OBJ) $(DEPS_LIBS)

$(B)/libfdss.so: $(B)/libfdss.so.$(VERSION)
	ln -sf libfdss.so.$(VERSION) $(B)/libfdss.so.$(SOVERSION)
	ln -sf libfdss.so.$(VERSION) $@

$(B)/fdss.pc: lib/fdss.pc.in Makefile $(B)/config.mk
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VERSION)|' \
		-e 's|@LIBDIR@|$(LIBDIR)|' -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' \
		lib/fdss.pc.in > $@

# --- programs ----------------------------------------------------------
$(B)/fdss: $(B)/obj/cmd/fdss.o $(B)/obj/cmd/fdss_path.o $(CLI_OBJ) $(B)/libfdss.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(DEPS_LIBS)

$(B)/fdss-%: $(B)/obj/cmd/fdss-%.o $(CLI_OBJ) $(B)/libfdss.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(DEPS_LIBS)

# --- tests -------------------------------------------------------------
$(B)/test-unit: $(TEST_SRC:%.c=$(B)/obj/%.o) $(B)/libfdss.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(DEPS_LIBS) -lcriterion

# The report writers over records on stdin (tests/cli/t-report-forms.sh).
$(B)/test-report-forms: $(B)/obj/tests/report-forms.o $(B)/libfdss.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(DEPS_LIBS)

check: deps
	@$(MAKE) --no-print-directory all $(B)/test-unit $(B)/test-report-forms
	@$(MAKE) --no-print-directory lint-man
	@python3 tests/lint-sql.py
	@python3 tests/lint-shape.py --brief
	@sh tests/install.sh $(B)
	@bash tests/reliability/crash.sh $(B) 10
	@bash tests/reliability/concurrent.sh $(B) 15
	@$(MAKE) --no-print-directory fuzz-build
	@sh tests/fuzz/run.sh $(B)/fuzz $(FUZZ_SECONDS)
	@sh tests/run-unit.sh $(B)
	@bash tests/cli/run.sh $(B)
	@$(MAKE) --no-print-directory B=$(B)/sanitize CFLAGS='$(SANITIZE)' \
		LDFLAGS='$(SANITIZE)' all $(B)/sanitize/test-unit \
		$(B)/sanitize/test-report-forms
	@sh tests/run-unit.sh $(B)/sanitize --sanitize
	@SANITIZE=1 bash tests/cli/run.sh $(B)/sanitize

# The full runs: 100 kills of every writer, four writers for 60 s
# (make check does 10 kills and 15 s).
reliability: all
	@bash tests/reliability/crash.sh $(B) 100
	@bash tests/reliability/concurrent.sh $(B) 60

# --- fuzzing -----------------------------------------------------------
# libFuzzer targets (clang) over the readers and parsers, library built
# with the fuzzer's coverage and ASan+UBSan in $(B)/fuzz.  `make fuzz` runs
# each for FUZZ_SECONDS (make check: 60), longer runs are documented in
# tests/fuzz/README.
FUZZ_TARGETS = csv json jsonl idnum date decode roster xlsx
FUZZ_SECONDS ?= 60
FUZZ_CC      ?= clang
FUZZ_FLAGS   = -O1 -g -fno-omit-frame-pointer \
	       -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_BINS    = $(FUZZ_TARGETS:%=$(B)/fuzz/fuzz-%)

fuzz-build:
	@$(MAKE) --no-print-directory B=$(B)/fuzz CC=$(FUZZ_CC) \
		CFLAGS='$(FUZZ_FLAGS) -fsanitize=fuzzer-no-link' \
		LDFLAGS='$(FUZZ_FLAGS)' $(B)/fuzz/libfdss.a $(FUZZ_BINS)

$(B)/fuzz-%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(B)/libfdss.a
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer $(LDFLAGS) -o $@ $< \
		$(B)/libfdss.a $(DEPS_LIBS)

fuzz: deps
	@$(MAKE) --no-print-directory fuzz-build
	@sh tests/fuzz/run.sh $(B)/fuzz $(FUZZ_SECONDS)

lint-man: $(PROGRAMS)
	@sh tests/lint-options.sh $(B)
	@out=$$(for m in $(MANPAGES); do groff -k -Tutf8 -mdoc -ww -z $$m 2>&1 | sed "s|^|$$m: |"; done); \
	if [ -n "$$out" ]; then echo "$$out"; exit 1; fi; \
	echo "man pages: $(words $(MANPAGES)) checked"

# Shape (issue 14): lib files <= 700 lines, cmd files <= 250, functions <= 60,
# no call circles between lib files.  Not yet part of check.
.PHONY: lint-shape
lint-shape:
	@python3 tests/lint-shape.py

demo: deps all
	@sh tests/demo.sh $(B)

bench: all
	@for b in bench/*.sh; do echo "== $$b"; sh $$b $(B) || exit 1; done

# Install the Debian packages that are missing: as root with apt-get,
# otherwise print the command to run.
DEBS = gcc g++ make pkg-config libsqlite3-dev libcjson-dev libcriterion-dev \
       libxlsxwriter-dev sqlite3 groff-base python3 unzip chromium \
       fonts-wqy-microhei clang libclang-rt-14-dev jq \
       libzip-dev libexpat1-dev libfreexl-dev libpq-dev postgresql time
deps:
	@missing=""; for p in $(DEBS); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | \
			grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
		echo "installing:$$missing"; \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get install -y -q $$missing >/dev/null || \
		{ apt-get update -q >/dev/null && apt-get install -y -q $$missing; }; \
	else \
		echo "missing Debian packages; run:"; \
		echo "  sudo apt-get install$$missing"; exit 1; \
	fi

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBEXECDIR) \
		$(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCLUDEDIR)/fdss \
		$(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man7 \
		$(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	install -m 755 $(B)/fdss $(DESTDIR)$(BINDIR)/fdss
	install -m 755 $(CMDS) $(DESTDIR)$(LIBEXECDIR)/
	install -m 644 $(B)/libfdss.a $(DESTDIR)$(LIBDIR)/
	install -m 755 $(B)/libfdss.so.$(VERSION) $(DESTDIR)$(LIBDIR)/
	ln -sf libfdss.so.$(VERSION) $(DESTDIR)$(LIBDIR)/libfdss.so.$(SOVERSION)
	ln -sf libfdss.so.$(VERSION) $(DESTDIR)$(LIBDIR)/libfdss.so
	install -m 644 $(B)/fdss.pc $(DESTDIR)$(LIBDIR)/pkgconfig/
	install -m 644 include/fdss/*.h $(DESTDIR)$(INCLUDEDIR)/fdss/
	install -m 644 $(wildcard man/*.1) $(DESTDIR)$(MANDIR)/man1/
	install -m 644 $(wildcard man/*.7) $(DESTDIR)$(MANDIR)/man7/
	install -m 644 completions/fdss.bash $(DESTDIR)$(BASHCOMPDIR)/fdss
	install -m 644 completions/_fdss $(DESTDIR)$(ZSHCOMPDIR)/_fdss

clean:
	rm -rf $(B)

.PHONY: all check lint-man demo bench deps install clean fuzz fuzz-build reliability FORCE
.SECONDARY:

-include $(shell find $(B)/obj -name '*.d' 2>/dev/null)
