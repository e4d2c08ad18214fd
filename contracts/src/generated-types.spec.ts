import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

describe('generated event types', () => {
  it('are committed as contracts/schemas generate them now', () => {
    // The generator formats with prettier, which jest's module sandbox cannot load: it runs as
    // `npm run contracts:generate` would, in a process of its own, asked only to compare.
    const run = (): string =>
      execFileSync(
        process.execPath,
        ['-r', '@swc-node/register', 'contracts/scripts/generate-types.ts', '--check'],
        {
          cwd: join(__dirname, '..', '..'),
          encoding: 'utf8',
          stdio: 'pipe',
        },
      );
    try {
      run();
    } catch (error) {
      throw new Error(String((error as { stderr?: string }).stderr || error));
    }
  }, 60_000);
});
