import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

// A service started with bad and missing settings, as an operator would: it exits before it
// connects to anything, with one message naming each setting and what it should be.
describe('a service started with bad settings', () => {
  it('exits 1 naming every bad or missing setting and what it should be, never a value', () => {
    const started = spawnSync(
      process.execPath,
      ['-r', '@swc-node/register', path.join('services', 'catalog', 'src', 'main.ts')],
      {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 60_000,
        env: {
          PATH: process.env['PATH'],
          SWC_NODE_PROJECT: path.join(ROOT, 'tsconfig.base.json'),
          NO_COLOR: '1',
          DATABASE_URL: 'mysql://pk:hunter2@db/pk',
          PORT: 'eighty',
          MONGODB_URL: 'mongodb://127.0.0.1:1/pk',
          AUTH_PUBLIC_KEY_FILE: '/nonexistent/dev-public.pem',
        },
      },
    );
    const output = `${started.stdout}${started.stderr}`;
    expect({ status: started.status, output }).toMatchObject({
      status: 1,
      output: expect.stringContaining('catalog cannot start: 4 setting(s) bad or missing'),
    });
    expect(output).toMatch(/- PORT: .*; expected an integer from 1 to 65535/);
    expect(output).toMatch(
      /- AUTH_PUBLIC_KEY_FILE: .*cannot be read.*; expected a readable file holding a PEM/,
    );
    expect(output).toMatch(/- DATABASE_URL: not a postgres:\/\/ URL; expected a postgres:\/\//);
    expect(output).toMatch(/- KAFKA_BROKERS: missing; expected host:port/);
    expect(output).not.toContain('hunter2');
  });
});
