# riskgate: the two commands a newcomer needs.
#   make demo   install build deps, build, run the self-contained demo on loopback
#   make test   install test deps, run every test (unit, integration, doc)

.PHONY: deps demo test bench load check

deps:
	@bash .ci/deps.sh

demo: deps
	cargo run --release -- demo --config config/demo.toml

test: deps
	cargo test

check:
	@for f in config/*.toml; do cargo run -q -- check --config "$$f"; done

bench:
	cargo bench --bench edge

load:
	WITH_BENCH=1 bash .ci/deps.sh
	bash benches/load.sh
