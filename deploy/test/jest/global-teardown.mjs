import { down, infrastructure, reset, stackConfig } from '../../local/stack-lib.mjs';
import { startedByTests, testStackEnvironment } from './global-setup.mjs';

export default async function globalTeardown() {
  if (process.env.PK_KEEP_STACK === '1') return;
  if (startedByTests.compose) await startedByTests.compose.down();
  if (startedByTests.components.length === 0) return;
  const config = stackConfig(testStackEnvironment());
  const log = (l) => process.stdout.write(`[stack] ${l}\n`);
  // a stack this run started from nothing is removed whole; one it found running only loses what it added
  const fresh = infrastructure(config).every((server) => startedByTests.components.includes(server.name));
  if (fresh) await reset(config, { log });
  else await down(config, { only: startedByTests.components, log });
}
