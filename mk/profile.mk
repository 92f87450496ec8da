# Where a turn's time goes early and late in a 300-turn conversation
# (bench/profile_turns.py, docs/performance.md).
.PHONY: profile
profile: $(MODEL) $(MEDICINES)
	$(PY) -m bench.profile_turns
