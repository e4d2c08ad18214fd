import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { type IsolatedStack, isolatedStack } from '../local/isolated-stack';

// services/diagnostics/README.md's "Try it", run as a newcomer pastes it — twice — on a stack of its
// own (issue 16, item 18): the block is read from the README itself, only the ports moved to the
// test stack's, so the README cannot drift from what works. Every answer must be a success, and the
// second paste must answer as the first (derived ids: nothing new, nothing refused).

jest.setTimeout(600_000);

const exec = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');

/** The first bash block under "## Try it". */
function tryItBlock(readme: string): string {
  const section = readme.slice(readme.indexOf('## Try it'));
  const start = section.indexOf('```bash\n') + '```bash\n'.length;
  return section.slice(start, section.indexOf('\n```', start));
}

describe('diagnostics README "Try it" (e2e)', () => {
  let isolated: IsolatedStack;

  beforeAll(async () => {
    isolated = await isolatedStack('diagnostics-try-it');
    await isolated.run('up', '--with-services');
  });
  afterAll(async () => {
    await isolated?.remove();
  });

  it('runs as pasted, and pasted again answers the same', async () => {
    const block = tryItBlock(readFileSync(path.join(ROOT, 'services/diagnostics/README.md'), 'utf8'));
    expect(block).toContain('localhost:3105/teachers');
    const script = block
      .replaceAll('localhost:3101', new URL(isolated.serviceUrl('catalog')).host)
      .replaceAll('localhost:3105', new URL(isolated.serviceUrl('diagnostics')).host);
    const paste = async () =>
      (
        await exec('bash', ['-e', '-c', script], {
          cwd: ROOT,
          // `npm run token` signs with this stack's development key
          env: {
            ...process.env,
            PK_LOCAL_DIR: isolated.localDir,
            PK_PORT_OFFSET: String(isolated.portOffset),
          },
          maxBuffer: 16 * 1024 * 1024,
        })
      ).stdout
        .trim()
        .split('\n');

    const first = await paste();
    const second = await paste();
    for (const answers of [first, second]) {
      // no problem document (a refusal or a failure) anywhere
      expect(answers.filter((line) => line.includes('pk.platform/problems'))).toEqual([]);
    }
    const teacher = (lines: string[]) => lines.find((line) => line.includes('"teacherId"'));
    expect(teacher(first)).toMatch(/^\{"version":1,"teacherId":"[0-9a-f-]{36}"\}$/);
    expect(teacher(second)).toBe(teacher(first));
    // the file's accepted rows: the same two teachers, line by line, the second time unchanged
    const accepted = (lines: string[]) =>
      lines.filter((line) => line.includes('"accepted"')).map((line) => JSON.parse(line).accepted);
    expect(accepted(first)).toEqual([
      [
        { line: 2, id: expect.any(String) },
        { line: 3, id: expect.any(String) },
      ],
    ]);
    expect(accepted(second)).toEqual(accepted(first));
    const report = (lines: string[]) =>
      JSON.parse(lines.find((line) => line.includes('"kind":"teachers"'))!) as Record<string, unknown>;
    expect(report(first)).toMatchObject({ registered: 2, unchanged: 0, rejected: 1 });
    expect(report(second)).toMatchObject({ registered: 0, unchanged: 2, rejected: 1 });
    // the school's overdue list names the teacher registered by hand and the one trained never
    const overdue = (lines: string[]) =>
      JSON.parse(lines.find((line) => line.includes('"teachers":[{'))!) as { teachers: unknown[] };
    expect(overdue(first).teachers).toHaveLength(2);
    expect(overdue(second)).toEqual(overdue(first));
  });
});
