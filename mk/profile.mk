# Where a turn's time goes early and late in a 300-turn conversation
# (bench/profile_turns.py, docs/performance.md).
.PHONY: profile
profile: $(MODEL) $(MEDICINES)
	$(PY) -m bench.profile_turns

# Served Rasa servers side by side (bench/ab_turns.py): CPU per turn per
# thread, turn latency, turns/s at 20 conversations, and a py-spy profile of
# each under results/profile-served/ (read with bench/spy_top.py).
# AB_VARIANTS="before=/path/to/old/checkout after=.:OPENBLAS_NUM_THREADS=1"
AB_VARIANTS ?= this=.
.PHONY: profile-served
profile-served: $(MODEL) $(MEDICINES)
	$(PY) -m bench.ab_turns $(foreach variant,$(AB_VARIANTS),--variant $(variant)) --profile results/profile-served
