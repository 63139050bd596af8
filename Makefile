# cv-engineer: the two commands of the quick start are `make start` and `make test`.
# Both set up everything they need first (scripts/setup.sh is idempotent).
VENV ?= .venv
PYTEST_ARGS ?=

.PHONY: setup start test verify sync lock clean-state

setup:  ## install system data packages, .venv with the pinned stack, the datasets
	@bash scripts/setup.sh

start: setup  ## set up, then open the learner's dashboard
	@$(VENV)/bin/cvlab

test: setup  ## set up, then run the whole test suite (engine + every grader against its solution)
	@$(VENV)/bin/python -m pytest -n 2 $(PYTEST_ARGS)

verify: setup  ## the maintainer's gate on every exercise
	@$(VENV)/bin/cvlab verify

sync: setup  ## regenerate every lab.py from its solution.py
	@$(VENV)/bin/cvlab sync

lock:  ## refresh constraints.txt from the current environment
	@$(VENV)/bin/pip freeze --exclude-editable | grep -v '^cvlab' > /tmp/cvlab-freeze.txt
	@{ head -3 constraints.txt; cat /tmp/cvlab-freeze.txt; } > constraints.txt.new && mv constraints.txt.new constraints.txt
