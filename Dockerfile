# syntax=docker/dockerfile:1
# One image for every quietpay process. The role is chosen at run time with SERVICE:
#   SERVICE=<service>   node services/<service>/dist/main.js   (gateway, signer, submitter, ...)
#   SERVICE=localnet    node infra/localnet/dist/main.js        (the offline chain, dev/CI only)
#   SERVICE=<example>   node examples/<example>/dist/main.js    (e.g. paid-api)
# SERVICE doubles as the platform's own SERVICE variable, which each service's config schema
# checks against its name, so a Deployment wired to the wrong role fails at boot.
ARG NODE_IMAGE=node:20.20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
# The whole (.dockerignore-filtered) tree: npm ci needs every workspace's package.json in place,
# and COPY cannot glob them while keeping their directories.
COPY . .
# --ignore-scripts: every native dependency we use ships prebuilt binaries (litesvm) or has a
# pure-JS fallback (secp256k1, utf-8-validate), so no compiler toolchain is needed here.
RUN npm ci --ignore-scripts --no-audit --no-fund
RUN npx tsc -b tsconfig.build.json
# The operator web console: static files the gateway's admin port serves (ADMIN_CONSOLE_DIR=/app/libs/console/dist).
RUN npx vite build --config libs/console/vite.config.mts --logLevel warn
# Keep only what runs: each workspace's package.json (for its exports map) and dist/.
RUN mkdir -p /out \
 && for dir in libs/* services/* infra/* examples/*; do \
      [ -f "$dir/package.json" ] || continue; \
      mkdir -p "/out/$dir" && cp "$dir/package.json" "/out/$dir/"; \
      if [ -d "$dir/dist" ]; then cp -r "$dir/dist" "/out/$dir/"; fi; \
    done \
 && find /out -name '*.tsbuildinfo' -delete

FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /out ./
# Production dependencies only; workspace packages become symlinks to the copied dist trees.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    SERVICE=gateway
WORKDIR /app
COPY --from=prod-deps --chown=root:root /app ./
COPY --chown=root:root docker/entrypoint.sh docker/healthcheck.mjs /usr/local/lib/quietpay/
# Files stay root-owned and the process runs as the image's unprivileged `node` user (uid 1000),
# so a compromised process cannot rewrite its own code; Kubernetes adds a read-only root fs.
USER 1000:1000
# The health port differs per role (PORT for the gateway, HTTP_PORT for the others); the
# script picks it from the environment the service itself is configured with.
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "/usr/local/lib/quietpay/healthcheck.mjs"]
ENTRYPOINT ["/bin/sh", "/usr/local/lib/quietpay/entrypoint.sh"]
