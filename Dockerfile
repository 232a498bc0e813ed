# Ponte's container image. Two stages: the first installs everything and compiles the TypeScript
# into dist/ (npm run build); the second holds only the build and the production dependencies,
# and runs as the unprivileged user `node`.
#
#   docker build -t ponte .
#   docker run -p 3000:3000 -v ponte-data:/data \
#     -e NODE_ENV=production -e SESSION_SECRET=… -e DATA_KEY=… -e BASE_URL=https://… ponte
#
# compose.yaml runs it with PostgreSQL and Redis (README, Operations). test/ops/dockerfile.test.ts
# checks this file and runs its steps, since base images cannot be pulled where the tests run.

FROM node:20-slim AS build
WORKDIR /app
# Compilers for better-sqlite3, when no prebuilt binary can be downloaded for this Node.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY scripts ./scripts
COPY bin ./bin
COPY src ./src
RUN npm ci --no-audit --no-fund
RUN npm run build

FROM node:20-slim AS runtime
WORKDIR /app
# A young generation of 4 MiB a half (as `npm start`): with the heap kept close to what is reachable
# (src/main.ts), the server's memory under load stays under 160 MiB.
ENV NODE_ENV=production \
    NODE_OPTIONS=--max-semi-space-size=4 \
    PORT=3000 \
    HOST=0.0.0.0 \
    DATABASE_URL=sqlite:/data/ponte.db \
    OUTBOX_DIR=/data/outbox
COPY package.json package-lock.json ./
# Production dependencies only, without install scripts: the one native module is taken from the
# build stage, compiled there for this same Node, so the runtime needs no compilers.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund
COPY --from=build /app/node_modules/better-sqlite3/build/Release/better_sqlite3.node ./node_modules/better-sqlite3/build/Release/
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
RUN mkdir -p /data && chown node:node /data
VOLUME /data
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Node as PID 1 receives SIGTERM from `docker stop` and stops gracefully (README, Operations).
CMD ["node", "bin/ponte.mjs", "serve"]
