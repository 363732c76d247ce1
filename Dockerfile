# Partnership Ledger API image.
#
#   docker build -t partnership-ledger-api .
#   docker run -p 3000:3000 -e LEDGER_JWT_SECRET=... -v ledger-data:/data partnership-ledger-api
#
# Two stages: `build` has the compilers that better-sqlite3's native addon needs and all
# dependencies; `runtime` gets only the compiled app and the production node_modules
# (pruned in `build`, so the addon is not compiled twice). Both are Node 24 on Debian
# bookworm, so the addon is built for the Node ABI (137, every 24.x) and glibc it runs on.
#
# The build stage is pinned to 24.18.1 on purpose: from 24.19.0 Node's header-only
# node::ObjectWrap removes an environment cleanup hook in its destructor, and better-sqlite3 12
# compiled against those headers aborts the process when the GC frees a statement
# (nodejs/node#65446). Compiled against 24.18.1 headers it runs on every 24.x, so the runtime
# stage takes the newest node:24. Keep the pin in step with `node24_headers` in .ci/run.

############################
# build
############################
FROM node:24.18.1-bookworm-slim AS build

# python3, make and g++ for node-gyp (better-sqlite3); tini is copied into the runtime stage.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ tini \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Use the headers that ship in the official Node image instead of downloading them.
ENV npm_config_nodedir=/usr/local

# Dependencies first, so editing the source does not redo the ~2 minute native build.
COPY package.json package-lock.json ./
RUN npm ci

COPY . .
RUN npm run build \
 && npm prune --omit=dev

############################
# runtime
############################
FROM node:24-bookworm-slim AS runtime

ENV NODE_ENV=production \
    PORT=3000 \
    LEDGER_DATA_DIR=/data

WORKDIR /app

# tini as PID 1 forwards SIGTERM to node and reaps children (node as PID 1 ignores
# signals it has no handler for).
COPY --from=build /usr/bin/tini /usr/bin/tini

# package.json is needed at run time: its "type": "module" makes dist/**/*.js ESM.
# The app files stay owned by root, so the node user cannot modify them.
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist

# The only writable place: events.sqlite (embedded mode), read-models.sqlite and
# personal-data.sqlite. A named volume mounted here inherits this ownership.
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]

USER node

EXPOSE 3000

# The slim image has no curl: ask node's global fetch. Healthy while GET /readyz answers 200:
# the store answers and the read models are within LEDGER_READY_MAX_LAG events of the log.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/readyz',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.status===200?0:1),()=>process.exit(1))"]

ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "--enable-source-maps", "dist/apps/api/src/main.js"]
