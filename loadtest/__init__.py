"""`make loadtest` (`python -m loadtest`) and the container load test
(`python -m loadtest.containers_run`): command lines over testkit.load."""
