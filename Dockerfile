# The production image: Node and the artifact `pnpm build` makes (dist/trellis, docs/decisions/030),
# nothing else — no pnpm, no source, no dev dependencies.
#
#   docker build -t trellis .
#   docker run -p 3000:3000 -e AUTH_SECRET="$(openssl rand -base64 32)" -v trellis-data:/data trellis
#   docker run -it --rm -v trellis-data:/data trellis node server.mjs admin:create --email you@example.com
#
# tests/e2e/artifact.spec.ts reads this file: it copies what the last stage copies, and runs its
# CMD and HEALTHCHECK the way the container would (its ENV, its WORKDIR, a user that is not root).

FROM node:24-slim AS build
# better-sqlite3 compiles itself when no prebuilt binary fits this Node.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
# The pnpm that package.json's packageManager names.
RUN npm install --global pnpm@10.34.9
WORKDIR /src
# A build in an image sends nothing home.
ENV NEXT_TELEMETRY_DISABLED=1
COPY . .
RUN pnpm install --frozen-lockfile
RUN pnpm build

FROM node:24-slim
ENV NODE_ENV=production
# The database lives on the volume; the app's own files stay read-only, owned by root. Email needs
# SMTP_URL (docker run -e SMTP_URL=…): without it the server sends none, and says so at start.
ENV DATABASE_URL=file:/data/trellis.db
WORKDIR /app
COPY --from=build /src/dist/trellis /app
RUN mkdir -p /data && chown node:node /data
VOLUME /data
USER node
EXPOSE 3000
# node:24-slim has no curl: Node's own fetch asks the app whether it is up.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT || 3000}/api/health`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The server drains on SIGTERM (requests in flight finish, then it exits 0); node is PID 1 and handles it itself.
STOPSIGNAL SIGTERM
CMD ["node", "server.mjs"]
