# The two commands of the README's quick start: `make demo` and `make test`.
SWIFT ?= swift

.PHONY: demo test build deps

deps:
	@./scripts/install-deps.sh

build: deps
	$(SWIFT) build

# Starts the bundled demo target on a free loopback port, runs plans/demo-smoke.yaml, writes reports/.
demo: build
	$(SWIFT) run --skip-build preflight demo

# The Kubernetes manifests and image recipe are validated offline first (no cluster, no engine).
test: deps
	bash scripts/validate-deploy.sh
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
