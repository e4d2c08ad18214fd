// Names the file where the e2e files that share a stack find it (deploy/local/isolated-stack.ts,
// sharedStack): the first file that asks starts the stack and writes its address there. Nothing
// starts here, so a run of e2e files that keep their own stacks starts no shared one.
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const SHARED_STACK_FILE = 'PK_E2E_SHARED_STACK_FILE';

export default async function e2eGlobalSetup() {
  const file = path.join(tmpdir(), `pk-e2e-shared-stack-${process.pid}.json`);
  rmSync(file, { force: true });
  process.env[SHARED_STACK_FILE] = file;
}
