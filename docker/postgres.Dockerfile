# PostgreSQL 15 from Debian bookworm for docker-compose.yml: one database and
# its owner from POSTGRES_DB / POSTGRES_USER / POSTGRES_PASSWORD, created on
# the first start of an empty volume (docker/postgres-entrypoint.sh). Runs as
# the postgres user. Context: docker/.
ARG BASE=localhost/debian:bookworm
FROM ${BASE}

# A fixed uid/gid (999, a system id, which Debian's package keeps) so that volume
# ownership and Kubernetes' runAsUser/fsGroup (deploy/k8s) do not depend on install order.
RUN groupadd --system --gid 999 postgres \
 && useradd --system --uid 999 --gid postgres --home-dir /var/lib/postgresql --no-create-home --shell /usr/sbin/nologin postgres \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql-15 tini \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/log/apt /var/log/dpkg.log /var/cache/ldconfig/aux-cache \
 && mkdir -p /var/lib/postgresql/data /var/run/postgresql \
 && chown -R postgres:postgres /var/lib/postgresql /var/run/postgresql \
 && chmod 0700 /var/lib/postgresql/data

ENV PATH=/usr/lib/postgresql/15/bin:$PATH \
    PGDATA=/var/lib/postgresql/data/pgdata
COPY postgres-entrypoint.sh /usr/local/bin/postgres-entrypoint.sh
USER postgres
VOLUME /var/lib/postgresql/data
EXPOSE 5432
HEALTHCHECK --interval=5s --timeout=3s --start-period=30s --retries=12 \
  CMD ["sh", "-c", "pg_isready -h 127.0.0.1 -U \"$POSTGRES_USER\" -d \"$POSTGRES_DB\""]
# Fast shutdown: SIGTERM would wait for every pooled client to disconnect.
STOPSIGNAL SIGINT
ENTRYPOINT ["tini", "--", "postgres-entrypoint.sh"]
CMD ["postgres"]
