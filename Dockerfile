# syntax=docker/dockerfile:1
# Keel as a self-contained image: Next's standalone server, non-root, with a health check.
#
#   docker build -t keel .
#   docker run -p 3000:3000 -e DATABASE_URL=postgres://... -e AUTH_SECRET=... -e PASSWORD_PEPPER=... keel
#
# Without DATABASE_URL the embedded database lives in /data: mount a volume there (-v keel-data:/data)
# and run a single container. Pending migrations are applied when the server starts.

FROM node:20-bookworm-slim AS deps
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
COPY scripts/prisma-generate.mjs ./scripts/prisma-generate.mjs
# `npm install`, not `npm ci`: lockfiles made on machines whose registry mirror lacks some optional
# platform packages are incomplete for other platforms, and `npm ci` refuses them.
RUN npm install --no-audit --no-fund

FROM deps AS build
COPY . .
RUN npm run build

FROM node:20-bookworm-slim AS runner
WORKDIR /app
# Memory: the same flags as `npm start` (README, "Running in production"; docs/performance.md).
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    NEXT_MANUAL_SIG_HANDLE=1 \
    MALLOC_ARENA_MAX=2 \
    NODE_OPTIONS="--max-semi-space-size=16 --max-old-space-size=384" \
    PORT=3000 \
    HOSTNAME=0.0.0.0 \
    KEEL_DATA_DIR=/data
RUN groupadd --system --gid 1001 keel \
 && useradd --system --uid 1001 --gid keel --no-create-home keel \
 && mkdir -p /data /app/.next/cache \
 && chown keel:keel /data /app/.next/cache
# The application files stay owned by root: the server can read them but not change them.
COPY --from=build /app/.next/standalone ./
COPY --from=build /app/.next/static ./.next/static
COPY --from=build /app/public ./public
USER keel
EXPOSE 3000
VOLUME ["/data"]
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/v1/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# NEXT_MANUAL_SIG_HANDLE=1: on `docker stop` (SIGTERM) Keel closes its database, then exits.
CMD ["node", "server.js"]
