# Startbaan — the two commands of the README: `make run` and `make test`.
.PHONY: run test bench screenshots assets build vet lint db-stop clean

run: ## start a private PostgreSQL, migrate, sync pilots, seed demo data, serve on :8080
	scripts/run.sh

test: ## everything CI checks: gofmt, vet, API lint, the full test suite on real PostgreSQL
	scripts/test.sh

bench: ## load 200,000 cases / 10M weeks and measure the API (not in CI)
	scripts/bench.sh

screenshots: ## retake docs/screenshots/*.png with the browser tests
	STARTBAAN_SCREENSHOTS=1 scripts/test.sh

assets: ## vendor the front-end assets from npm (web/package.json) into internal/web/static
	scripts/assets.sh

build:
	CGO_ENABLED=0 go build -trimpath -o bin/startbaan ./cmd/startbaan

vet:
	go vet ./...

db-stop: ## stop the private PostgreSQL clusters
	scripts/pg.sh stop run; scripts/pg.sh stop test; scripts/pg.sh stop bench

clean: db-stop
	rm -rf bin .local
