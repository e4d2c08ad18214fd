// One of the six NestJS services, on the project's pinned Node.
import path from 'node:path';
import { projectNode, ROOT } from '../paths.mjs';

export function serviceComponent(config, { name, port }) {
  return {
    name,
    port,
    address: `http://127.0.0.1:${port}`,
    marker: `--pk-local-dir=${config.localDir}`,
    prepare() {},
    command() {
      return {
        bin: projectNode(),
        // The marker argument lets `status` and `down` recognise this stack's process by its pid.
        args: [
          '-r',
          '@swc-node/register',
          path.join('services', name, 'src', 'main.ts'),
          `--pk-local-dir=${config.localDir}`,
        ],
        spawnOptions: {
          cwd: ROOT,
          env: {
            ...process.env,
            ...config.endpoints,
            PORT: String(port),
            SWC_NODE_PROJECT: path.join(ROOT, 'tsconfig.base.json'),
          },
        },
      };
    },
    stopSignal: 'SIGTERM',
    async healthy() {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/health`, {
          signal: AbortSignal.timeout(1000),
        });
        const body = await response.json();
        return response.ok && body.service === name;
      } catch {
        return false;
      }
    },
  };
}
