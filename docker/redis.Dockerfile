# Redis 7 from Debian bookworm, the conversations' lock store (nothing kept on
# disk: docker-compose.yml starts it with --save ""). Runs as the redis user.
ARG BASE=localhost/debian:bookworm
FROM ${BASE}

RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends redis-server tini \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/log/apt /var/log/dpkg.log

USER redis
WORKDIR /var/lib/redis
EXPOSE 6379
# Any answer (PONG, or NOAUTH when a password is set) shows the server is up.
HEALTHCHECK --interval=5s --timeout=3s --retries=5 \
  CMD ["sh", "-c", "redis-cli ping 2>&1 | grep -q -E 'PONG|NOAUTH'"]
ENTRYPOINT ["tini", "--"]
CMD ["redis-server", "--protected-mode", "no", "--save", ""]
