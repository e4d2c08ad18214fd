# One image per service, from the folder `npm run images:build` makes (no Docker needed for that):
#   npm run images:build -- vouchers
#   docker build --build-arg SERVICE=vouchers -f deploy/docker/service.Dockerfile .
# The folder holds the service compiled to JavaScript with only the production packages it requires
# (deploy/images/build-images.ts), so the image runs no TypeScript and carries no dev dependency.
FROM node:24-bookworm-slim
ARG SERVICE
ENV NODE_ENV=production SERVICE=${SERVICE} HOST=0.0.0.0 PORT=3000
WORKDIR /app
# owned by root and read-only to the service's user: it runs code, it does not change it
COPY dist/images/${SERVICE}/ ./
# diagnostics' key-encryption keys (docker-compose.yml mounts a volume here): a new named volume
# takes this folder's owner, so the service, not root, may write and destroy them
RUN mkdir -p /var/lib/pk/personal-data-keks && chown node:node /var/lib/pk/personal-data-keks
USER node
EXPOSE 3000
# /health answers 200 while the process serves (a degraded part included) and 503 once it is stopping
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.PORT+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["sh", "-c", "exec node services/${SERVICE}/src/main.js"]
