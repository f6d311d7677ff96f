# syntax=docker/dockerfile:1
# Delineo gateway (and, later, the worker) image. Build: docker build -t delineo .
# Node 22 LTS (maintenance until April 2027; Node 24 is the active LTS); package.json allows >= 20.19.

FROM node:22-bookworm-slim AS build
WORKDIR /app
# No install-time telemetry (swagger-ui-dist pulls in @scarf/scarf).
ENV SCARF_ANALYTICS=false DO_NOT_TRACK=1 npm_config_fund=false npm_config_audit=false
# .npmrc skips onnxruntime-node's CUDA EP download; a GPU worker image opts in with
# --build-arg ONNXRUNTIME_NODE_INSTALL=cuda12 (an empty value keeps the .npmrc setting).
ARG ONNXRUNTIME_NODE_INSTALL=
COPY package.json package-lock.json .npmrc ./
# The console is an npm workspace: npm ci installs its build tools (Vite, React) from its manifest.
COPY apps/console/package.json ./apps/console/package.json
RUN ONNXRUNTIME_NODE_INSTALL="$ONNXRUNTIME_NODE_INSTALL" npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY apps ./apps
COPY libs ./libs
RUN npm run build && npm prune --omit=dev && npm cache clean --force

FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production \
    DATA_DIR=/var/lib/delineo \
    HTTP_PORT=8080 \
    DIMSE_PORT=11112
WORKDIR /app
# Code and dependencies stay root-owned and read-only to the process; only DATA_DIR is writable.
RUN mkdir -p /var/lib/delineo /etc/delineo && chown node:node /var/lib/delineo && chmod 0700 /var/lib/delineo
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The gateway serves the console's build at / (it finds apps/console/dist by walking up from dist/).
COPY --from=build /app/apps/console/dist ./apps/console/dist
USER node
EXPOSE 8080 11112
# node:*-slim has no curl; liveness only (readiness, /health/ready, also checks DB, store and queue).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "require('http').get({host:'127.0.0.1',port:process.env.HTTP_PORT||8080,path:'/health/live',timeout:4000},r=>process.exit(r.statusCode===200?0:1)).on('error',()=>process.exit(1))"]
CMD ["node", "dist/apps/gateway/src/main.js"]
