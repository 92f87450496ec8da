# Redis 7 from Debian bookworm, the conversations' lock store (nothing kept on
# disk: docker-compose.yml starts it with --save ""). Runs as the redis user.
ARG BASE=localhost/debian:bookworm
FROM ${BASE}

# A fixed uid/gid (999, a system id, which Debian's package keeps) so that volume
# ownership and Kubernetes' runAsUser/fsGroup (deploy/k8s) do not depend on install order.
RUN groupadd --system --gid 999 redis \
 && useradd --system --uid 999 --gid redis --home-dir /var/lib/redis --no-create-home --shell /usr/sbin/nologin redis \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends redis-server tini \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/log/apt /var/log/dpkg.log /var/cache/ldconfig/aux-cache

USER redis
WORKDIR /var/lib/redis
EXPOSE 6379
# Any answer (PONG, or NOAUTH when a password is set) shows the server is up.
HEALTHCHECK --interval=5s --timeout=3s --retries=5 \
  CMD ["sh", "-c", "redis-cli ping 2>&1 | grep -q -E 'PONG|NOAUTH'"]
ENTRYPOINT ["tini", "--"]
CMD ["redis-server", "--protected-mode", "no", "--save", ""]
