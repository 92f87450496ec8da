# PostgreSQL and Redis for the tests (scripts/test_services.py). `make test`
# runs the suite through $(TEST_SERVICES): the servers that answer at
# TEST_POSTGRES_URL / TEST_REDIS_URL (default 127.0.0.1:5432 and :6379) are
# used as they are; for one that does not answer, a throwaway server is
# started on that port for the run (Debian's postgresql / redis-server
# installed with apt-get when missing) and stopped afterwards.
#
#   make test TEST_POSTGRES_PORT=55432 TEST_REDIS_PORT=56379   # the throwaway path, beside the machine's servers
# (Variables given on make's command line reach the script's environment.)
TEST_SERVICES = $(PY) scripts/test_services.py --

