# Helhet build. Two commands matter to a newcomer:
#   make run   - install what is missing, build, create the demo database, serve on :8080
#   make test  - install what is missing, build with sanitizers, run every test
#              (unit, API and browser tests, once on SQLite and once on a throw-away
#              PostgreSQL 15 server)
# Other targets: build (release binary), unit, api, e2e and openapi-lint (parts of make test),
# test-pg (the tests on PostgreSQL only),
# bench (load test), format (apply .clang-format), clean.

CC      ?= cc
BUILD   ?= build
PKGS    := libmicrohttpd jansson sqlite3 libpq libsodium liblz4 liboath libcurl cjose libutf8proc zlib
CFLAGS_BASE := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
               -Wformat=2 -Wno-unused-parameter -Isrc -I$(BUILD)/gen -MMD -MP \
               $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LIBS    := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread -lm

SRC      := $(sort $(wildcard src/*.c src/*/*.c))
LIB_SRC  := $(filter-out src/main.c,$(SRC))
MIGRATIONS_SQLITE   := $(sort $(wildcard src/store/migrations/sqlite/*.sql))
MIGRATIONS_POSTGRES := $(sort $(wildcard src/store/migrations/postgres/*.sql))
MIGRATIONS := $(MIGRATIONS_SQLITE) $(MIGRATIONS_POSTGRES)
GEN      := $(BUILD)/gen/migrations.c

# Release build (make run, make bench)
REL_CFLAGS := $(CFLAGS_BASE) -O2 -g
REL_OBJ    := $(patsubst src/%.c,$(BUILD)/release/%.o,$(SRC)) $(BUILD)/release/gen/migrations.o
# Test build: AddressSanitizer, UndefinedBehaviorSanitizer, LeakSanitizer
SAN        := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
ASAN_CFLAGS := $(CFLAGS_BASE) -O1 -g $(SAN)
ASAN_OBJ   := $(patsubst src/%.c,$(BUILD)/asan/%.o,$(SRC)) $(BUILD)/asan/gen/migrations.o
ASAN_LIB_OBJ := $(filter-out $(BUILD)/asan/main.o,$(ASAN_OBJ))

UNIT_SRC   := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN   := $(patsubst tests/unit/%.c,$(BUILD)/asan/tests/%,$(UNIT_SRC))

Q ?= @
DB     ?= var/helhet.db
LISTEN ?= 127.0.0.1:8080

.PHONY: all build run test test-pg unit api e2e openapi-lint format format-check bench deps clean
all: build
build: $(BUILD)/release/helhet

deps:
	@scripts/deps.sh build

$(GEN): $(MIGRATIONS) scripts/embed-migrations.sh
	@mkdir -p $(dir $@)
	$(Q)scripts/embed-migrations.sh sqlite $(MIGRATIONS_SQLITE) -- postgres $(MIGRATIONS_POSTGRES) > $@

$(BUILD)/release/%.o: src/%.c | $(GEN)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(REL_CFLAGS) -c $< -o $@
$(BUILD)/release/gen/migrations.o: $(GEN)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(REL_CFLAGS) -c $< -o $@
$(BUILD)/release/helhet: $(REL_OBJ)
	@echo "  LD      $@"
	$(Q)$(CC) $(REL_CFLAGS) $^ -o $@ $(LIBS)

$(BUILD)/asan/%.o: src/%.c | $(GEN)
	@mkdir -p $(dir $@)
	@echo "  CC asan $<"
	$(Q)$(CC) $(ASAN_CFLAGS) -c $< -o $@
$(BUILD)/asan/gen/migrations.o: $(GEN)
	@mkdir -p $(dir $@)
	@echo "  CC asan $<"
	$(Q)$(CC) $(ASAN_CFLAGS) -c $< -o $@
$(BUILD)/asan/helhet: $(ASAN_OBJ)
	@echo "  LD asan $@"
	$(Q)$(CC) $(ASAN_CFLAGS) $^ -o $@ $(LIBS)
$(BUILD)/asan/tests/%: tests/unit/%.c $(ASAN_LIB_OBJ)
	@mkdir -p $(dir $@)
	@echo "  LD test $@"
	$(Q)$(CC) $(ASAN_CFLAGS) $< $(ASAN_LIB_OBJ) -o $@ $(LIBS) -lcmocka

run:
	@scripts/deps.sh build
	@$(MAKE) --no-print-directory build
	@HELHET_BIN=$(BUILD)/release/helhet scripts/run.sh "$(DB)" "$(LISTEN)"

test:
	@scripts/deps.sh test
	@$(MAKE) --no-print-directory format-check
	@scripts/layer-check.sh
	@$(MAKE) --no-print-directory openapi-lint
	@$(MAKE) --no-print-directory $(BUILD)/asan/helhet $(UNIT_BIN)
	@$(MAKE) --no-print-directory unit
	@$(MAKE) --no-print-directory api
	@$(MAKE) --no-print-directory e2e
	@scripts/with-pg.sh $(MAKE) --no-print-directory unit api e2e

# The same tests on PostgreSQL only (a throw-away server: scripts/with-pg.sh).
test-pg: $(BUILD)/asan/helhet $(UNIT_BIN)
	@scripts/with-pg.sh $(MAKE) --no-print-directory unit api e2e

unit: $(UNIT_BIN)
	@scripts/run-unit.sh $(UNIT_BIN)

api: $(BUILD)/asan/helhet
	@HELHET_BIN=$(abspath $(BUILD))/asan/helhet node --test tests/api/

# docs/openapi.yaml against Redocly's recommended-strict rules (redocly.yaml):
# any error or warning fails, and so does a mistake in redocly.yaml. Runs from
# tests/node_modules (scripts/deps.sh test installs it) and needs no network:
# no telemetry, no update check.
openapi-lint:
	@test -x tests/node_modules/.bin/redocly || { echo "openapi-lint: run scripts/deps.sh test first (npm ci in tests/)" >&2; exit 1; }
	@REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true REDOCLY_SUPPRESS_NOTIFICATIONS=true \
		tests/node_modules/.bin/redocly lint --config redocly.yaml --lint-config error --format=stylish helhet

# Browser tests: Debian's Chromium, headless, driven by playwright-core; axe-core
# on every page; screenshots in build/e2e-artifacts/.
e2e: $(BUILD)/asan/helhet
	@rm -rf $(BUILD)/e2e-artifacts
	@HELHET_BIN=$(abspath $(BUILD))/asan/helhet node --test tests/e2e/

format:
	clang-format -i $(SRC) $(wildcard src/*/*.h src/*.h tests/unit/*.c tests/unit/*.h)

format-check:
	@scripts/format-check.sh $(SRC) $(wildcard src/*/*.h src/*.h tests/unit/*.c tests/unit/*.h)

bench:
	@scripts/deps.sh bench
	@$(MAKE) --no-print-directory build
	@bench/run.sh

clean:
	rm -rf $(BUILD)

-include $(REL_OBJ:.o=.d) $(ASAN_OBJ:.o=.d)
