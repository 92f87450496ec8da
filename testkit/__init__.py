"""What the tests, `make bench` and `make loadtest` share: the running stack
and its visitors (`helpers`), the databases `make test` uses, console and
channel fixtures, generated console data, NLU scoring, and the load test's
cluster, proxy, visitors and checks (`load`). None of them imports another's
folder; all import this package."""
