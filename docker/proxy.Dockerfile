# The public face: Debian's nginx with the reverse proxy of docker/nginx.conf and
# the widget's static files as `make widget` builds them (build/site/: widget.js
# and the demo page). Runs as www-data; the nginx binary may bind ports 80 and
# 8090 (file capability), so no process in the container is root.
ARG BASE=localhost/debian:bookworm
FROM ${BASE}

# libcap2-bin for setcap (nginx needs it anyway, through iproute2); curl for the health check.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nginx curl libcap2-bin tini \
 && setcap cap_net_bind_service=+ep /usr/sbin/nginx \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/log/apt /var/log/dpkg.log /var/cache/ldconfig/aux-cache \
    /etc/nginx/sites-enabled /etc/nginx/conf.d /usr/share/nginx/html/* \
 && mkdir -p /var/lib/nginx /etc/nginx/clinic.d \
 && chown -R www-data:www-data /var/lib/nginx /var/log/nginx \
 && ln -sf /dev/stderr /var/log/nginx/error.log

COPY docker/nginx.conf /etc/nginx/nginx.conf
COPY docker/nginx-rasa-api.conf /etc/nginx/clinic.d/rasa-api.conf
COPY build/site /usr/share/nginx/html
# (No `nginx -t` here: the upstreams' names resolve only on the compose network;
# tests/production/test_compose.py checks this file with Debian's nginx.)

USER www-data
# 5005: the console's way to the Rasa API, on the compose network only (never published).
EXPOSE 80 8090 5005
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["curl", "-fsS", "-o", "/dev/null", "http://127.0.0.1/widget.js"]
STOPSIGNAL SIGQUIT
ENTRYPOINT ["tini", "--"]
CMD ["nginx", "-e", "stderr", "-g", "daemon off; pid /tmp/nginx.pid;"]
