# One image per service: docker build --build-arg SERVICE=vouchers -f deploy/docker/service.Dockerfile .
# The service runs from its TypeScript sources through @swc-node/register, the same way the
# local stack runs it, so what is tested is what ships.
FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# No install scripts: the image needs no PostgreSQL binaries nor a second Node from npm.
RUN npm ci --ignore-scripts --no-audit --no-fund

FROM node:24-bookworm-slim
ARG SERVICE
ENV NODE_ENV=production SERVICE=${SERVICE} SWC_NODE_PROJECT=/app/tsconfig.base.json HOST=0.0.0.0 PORT=3000
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY tsconfig.base.json package.json ./
COPY contracts ./contracts
COPY libs ./libs
COPY services/${SERVICE} ./services/${SERVICE}
# diagnostics' key-encryption keys (docker-compose.yml mounts a volume here): a new named volume
# takes this folder's owner, so the service, not root, may write and destroy them
RUN mkdir -p /var/lib/pk/personal-data-keks && chown node:node /var/lib/pk/personal-data-keks
USER node
EXPOSE 3000
CMD ["sh", "-c", "exec node -r @swc-node/register services/${SERVICE}/src/main.ts"]
