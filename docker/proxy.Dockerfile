# The public face: nginx with the widget's static files built in (widget/,
# as `make widget` builds them) and the reverse proxy of docker/nginx.conf.
FROM node:20-bookworm-slim AS widget
WORKDIR /src
COPY widget/package.json widget/package-lock.json widget/
RUN cd widget && npm ci --no-audit --no-fund
COPY widget widget
COPY web web
COPY clinic.yml ./
RUN cd widget && npm run build

FROM nginx:1.27-bookworm
COPY docker/nginx.conf /etc/nginx/nginx.conf
COPY --from=widget /src/build/site /usr/share/nginx/html
