# riskgate: the two commands a newcomer needs.
#   make demo   install build deps, build, run the self-contained demo on loopback
#   make test   install test deps, run every test (unit, integration, doc, and the
#               evaluation harness's own Python tests, and the training tests, which
#               rebuild the shipped model byte for byte)
#   make eval   the configured model end to end against personas nobody trained on

.PHONY: deps demo test bench load pgo check model eval disposable

# ONNX Runtime's shared library comes from the PyPI wheel, in a repo-local venv that
# riskgate finds by itself (./.venv/lib/python3*/site-packages/onnxruntime/capi/).
VENV := .venv
ORT_STAMP := $(VENV)/.onnxruntime-1.32.0
TRAIN_STAMP := $(VENV)/.train-requirements
# The shipped models/risk.onnx: `make model` rebuilds it byte for byte (models/MODEL.md).
MODEL_VERSION ?= 2026.12.06-1

deps: $(ORT_STAMP)
	@bash .ci/deps.sh

$(ORT_STAMP):
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check onnxruntime==1.32.0
	touch $@

demo: deps
	cargo run --release -- demo --config config/demo.toml

# The training tests include one full training (~20 s) that must rebuild models/risk.onnx.
test: deps $(TRAIN_STAMP)
	cargo test
	python3 -m unittest discover -s models/eval -t . -p 'test_*.py'
	$(VENV)/bin/python -m unittest models.train.test_train

$(TRAIN_STAMP): models/train/requirements.txt $(ORT_STAMP)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r models/train/requirements.txt
	touch $@

# Rebuild the shipped model byte for byte (synthetic data, population v3; models/MODEL.md).
# Also rewrites models/report/ and models/test/parity.json.
model: $(TRAIN_STAMP)
	$(VENV)/bin/python -m models.train.train --model-version $(MODEL_VERSION)

# End-to-end evaluation (models/EVAL.md): 3 seeds x 2 shop hours of persona traffic through
# a real `riskgate demo` with the evaluation clock, about 4 minutes on 2 cores (debug build:
# it finishes sooner than a release build would compile). Exits 1 when the target is missed;
# `make eval EVAL_ARGS=--report-only` only reports. Never train on its output.
EVAL_ARGS ?=
eval: deps
	cargo build
	python3 -m models.eval $(EVAL_ARGS)

# Regenerate models/disposable_domains.txt from the pinned PyPI package (licence: models/NOTICE).
disposable:
	python3 -m venv $(VENV)
	$(VENV)/bin/python models/refresh_disposable.py

check:
	@for f in config/*.toml; do cargo run -q -- check --config-only --config "$$f"; done

bench:
	cargo bench --bench edge

load:
	WITH_BENCH=1 bash .ci/deps.sh
	bash benches/load.sh

# A profile-guided, fat-LTO build at target/pgo/dist/riskgate, trained on loopback load.
pgo:
	WITH_BENCH=1 WITH_PGO=1 bash .ci/deps.sh
	bash benches/pgo.sh
