import { down, stackConfig } from '../../local/stack-lib.mjs';
import { startedByTests } from './global-setup.mjs';

export default async function globalTeardown() {
  if (process.env.PK_KEEP_STACK === '1') return;
  if (startedByTests.compose) await startedByTests.compose.down();
  if (startedByTests.components.length > 0) {
    await down(stackConfig(), {
      only: startedByTests.components,
      log: (l) => process.stdout.write(`[stack] ${l}\n`),
    });
  }
}
