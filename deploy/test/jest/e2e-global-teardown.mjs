// Removes the stack the e2e files shared, if one of them started it: its processes, data and keys.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { reset, stackConfig } from '../../local/stack-lib.mjs';
import { SHARED_STACK_FILE } from './e2e-global-setup.mjs';

export default async function e2eGlobalTeardown() {
  const file = process.env[SHARED_STACK_FILE];
  if (!file || !existsSync(file)) return;
  const { localDir, portOffset } = JSON.parse(readFileSync(file, 'utf8'));
  rmSync(file, { force: true });
  if (process.env.PK_KEEP_STACK === '1') {
    process.stdout.write(
      `[stack] the e2e files' shared stack is kept: PK_LOCAL_DIR=${localDir} PK_PORT_OFFSET=${portOffset}\n`,
    );
    return;
  }
  const config = stackConfig({
    ...process.env,
    PK_STACK: 'native',
    PK_LOCAL_DIR: localDir,
    PK_PORT_OFFSET: String(portOffset),
  });
  await reset(config, { log: (line) => process.stdout.write(`[stack] ${line}\n`) });
  rmSync(localDir, { recursive: true, force: true });
}
