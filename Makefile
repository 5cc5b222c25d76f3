# Postplan: `make run` sets up and opens the app; `make test` sets up and runs
# every test. Both install what is missing first (Debian/Ubuntu: apt; npm;
# Go modules and pinned Go tools into .tools/).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

GO        ?= go
TAGS      := webkit2_41
TOOLS     := $(CURDIR)/.tools
WAILS     := $(TOOLS)/wails
STATICCHECK := $(TOOLS)/staticcheck
WAILS_VERSION       := v2.13.0
STATICCHECK_VERSION := v0.8.2
VERSION   ?= $(shell build/version.sh)
LDFLAGS   := -X main.version=$(VERSION)
BIN       := build/bin/postplan

APT_RUN  := libgtk-3-dev libwebkit2gtk-4.1-dev pkg-config
APT_TEST := $(APT_RUN) xvfb xauth imagemagick xdotool chromium \
            python3-dateutil python3-icalendar python3-recurring-ical-events \
            vdirsyncer khal poppler-utils \
            rclone apache2-bin gnome-keyring dbus dunst openbox x11-utils
APT_DIST := nsis p7zip-full lintian desktop-file-utils appstream wine64 systemd
SUDO     := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# apt_ensure installs the listed Debian packages that are not installed yet.
define apt_ensure
	@missing=$$(for p in $(1); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if ! command -v apt-get >/dev/null; then \
	  echo "Missing system packages: $$missing. This Makefile installs them with apt; see README.md for other systems."; exit 1; fi; \
	echo "Installing system packages: $$missing"; \
	$(SUDO) apt-get update -qq; \
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing >/dev/null
endef

.PHONY: help run test bench setup-run setup-test build frontend lint gotest wintest bindings check-bindings e2e clean dist dist-test licences

help:
	@echo "make run    set up and open Postplan"
	@echo "make test   set up and run every test"
	@echo "make bench  measure 1k/10k/100k-post plans and the peers (BENCHMARKS.md)"
	@echo "make dist   build the installers into build/dist (docs/release.md)"

## ---- running ------------------------------------------------------------

run: setup-run build
	./$(BIN)

setup-run:
	$(call apt_ensure,$(APT_RUN))
	@$(GO) mod download

build: frontend/node_modules/.package-lock.json licences
	cd frontend && npm run build && touch dist/.gitkeep
	$(GO) build -tags desktop,production,$(TAGS) -buildmode=pie -trimpath -ldflags "$(LDFLAGS) -s -w" -o $(BIN) .

# The licences of what the binary links and the page bundles, collected
# from the modules and packages themselves for the About box; Vite serves
# frontend/public and copies it into the build.
licences: frontend/node_modules/.package-lock.json
	@mkdir -p frontend/public
	$(GO) run ./tools/licences -tags desktop,production,$(TAGS) -frontend frontend > frontend/public/licences.json.tmp
	mv frontend/public/licences.json.tmp frontend/public/licences.json

frontend/node_modules/.package-lock.json: frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error

## ---- tools (pinned, project-local) --------------------------------------

$(WAILS):
	GOBIN=$(TOOLS) $(GO) install github.com/wailsapp/wails/v2/cmd/wails@$(WAILS_VERSION)

$(STATICCHECK):
	GOBIN=$(TOOLS) $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

bindings: $(WAILS)
	$(WAILS) generate module -tags $(TAGS)
	find frontend/wailsjs -type f -exec chmod 644 {} +

## ---- testing ------------------------------------------------------------

test: setup-test lint check-bindings gotest wintest build e2e dist-test
	@echo "All tests passed."

setup-test: frontend/node_modules/.package-lock.json $(WAILS) $(STATICCHECK)
	$(call apt_ensure,$(APT_TEST))
	@$(GO) mod download

lint: $(STATICCHECK)
	@out=$$(gofmt -l $$(git ls-files '*.go') ); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(STATICCHECK) ./...
	cd frontend && npx tsc --noEmit
	cd frontend && npx vitest run

# The committed bindings must be what `wails generate module` makes of the
# Go code today; a stale copy means the window calls methods that moved.
check-bindings: $(WAILS)
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; cp -r frontend/wailsjs "$$tmp/before"; \
	$(WAILS) generate module -tags $(TAGS) >/dev/null; \
	find frontend/wailsjs -type f -exec chmod 644 {} +; \
	if ! diff -r "$$tmp/before" frontend/wailsjs; then \
	  echo "frontend/wailsjs was stale: it has been regenerated, commit it."; exit 1; fi

# Every decoder's fuzz target gets a short run every time (ICS, CSV, JSON,
# backups, RRULE, the post record, iCalendar lines against go-ical's
# reading); longer runs are in docs/testing.md.
# The runs are counted in executions, not seconds: with a time limit Go's
# fuzzing coordinator can fail a run that found nothing ("context deadline
# exceeded") when a worker is mid-input as the time runs out.
FUZZ := FuzzRead:./calendar/csvplan:3000 FuzzReadJSON:./transfer:30000 FuzzRead:./calendar/ics:3000 \
        FuzzDecodeLikeGoICal:./calendar/ics:5000 FuzzRule:./calendar:3000 FuzzRestore:./storage:500 \
        FuzzDecodePost:./storage:3000

gotest:
	$(GO) test -race -count=1 ./...
	@for f in $(FUZZ); do IFS=: read -r name pkg n <<< "$$f"; \
	  echo "fuzz $$name in $$pkg, $$n inputs"; \
	  $(GO) test -run '^$$' -fuzz "^$$name\$$" -fuzztime "$${n}x" "$$pkg" >/dev/null || exit 1; done

# Windows binaries cross-compile without cgo; this proves the build stays portable.
wintest:
	GOOS=windows GOARCH=amd64 CGO_ENABLED=0 $(GO) build -tags desktop,production -o /dev/null .

e2e: $(WAILS) build
	cd frontend && WAILS=$(WAILS) POSTPLAN_BIN=$(CURDIR)/$(BIN) npm run e2e

## ---- benchmarks -------------------------------------------------------

# The Go benchmarks are compiled once and run by frontend/bench/run.mjs on
# each generated plan; see BENCHMARKS.md.
BENCH_DIR := build/bench

bench: setup-test build
	@mkdir -p $(BENCH_DIR)
	$(GO) test -c -o $(BENCH_DIR)/storage.test ./storage
	$(GO) test -c -o $(BENCH_DIR)/feedhttp.test ./feedhttp
	$(GO) test -c -o $(BENCH_DIR)/transfer.test ./transfer
	$(GO) test -c -o $(BENCH_DIR)/publish.test ./publish
	cd frontend && POSTPLAN_BIN=$(CURDIR)/$(BIN) BENCH_DIR=$(CURDIR)/$(BENCH_DIR) node bench/run.mjs

## ---- release -----------------------------------------------------------

# make dist writes the release into build/dist: a Windows installer (Wails
# and NSIS), a .deb and a .tar.gz for Linux, and SHA256SUMS. The version is
# the tag on HEAD (v0.3.0 -> 0.3.0), else 0.0.0-<commit>.
DIST := build/dist

dist: $(WAILS) build
	$(call apt_ensure,$(APT_DIST))
	rm -rf $(DIST) && mkdir -p $(DIST)
	$(GO) run ./tools/dist -version $(VERSION) -bin $(BIN) -out $(DIST)
	build/windows-installer.sh $(WAILS) $(VERSION) $(DIST)
	cd $(DIST) && sha256sum postplan* > SHA256SUMS
	@ls -l $(DIST)

# dist-test installs the .deb with apt, runs and removes it, and checks the
# Windows installer (frontend/dist-tests).
dist-test: dist
	cd frontend && VERSION=$(VERSION) node --test --test-concurrency=1 dist-tests/*.test.mjs

clean:
	rm -rf build/bin build/test-output build/bench build/dist frontend/dist/assets frontend/dist/index.html frontend/public/licences.json
