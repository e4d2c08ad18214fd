import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import { issueToken } from '@pk/auth';
import { serverEndpoints, uniqueName, until } from '@pk/test-kit';
import { buildImage, type ImageFolder, SERVICES } from './build-images';

const rootPackage = JSON.parse(readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')) as {
  devDependencies: Record<string, string>;
};
/** Ports for the six, out of every stack's way (the stacks' services sit at 3101 + their offset). */
const FIRST_PORT = 18_601;

/** Every file of a folder, relative to it. */
const filesOf = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)));

// Each service built into its image folder and run from it as a platform team would: plain node on
// the compiled files, only production packages beside them, the settings of a deployment. Its own
// event store database and read store, so what the tests' other files left there is not its business.
describe('the services built into image folders (integration)', () => {
  const endpoints = serverEndpoints();
  const admin = new Pool({ connectionString: endpoints.databaseUrl, max: 1 });
  const database = uniqueName('images').replace(/[^a-z0-9_]/g, '_');
  const keks = mkdtempSync(path.join(tmpdir(), 'pk-images-keks-'));
  const images = new Map<string, ImageFolder>();
  const running: ChildProcess[] = [];

  beforeAll(async () => {
    await admin.query(`create database ${database}`);
    for (const service of SERVICES) images.set(service, buildImage(service));
  }, 300_000);
  afterAll(async () => {
    await Promise.all(
      running.map(
        (child) =>
          new Promise((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve(undefined);
            child.once('exit', resolve);
            child.kill('SIGKILL');
          }),
      ),
    );
    await admin.query(`drop database if exists ${database} with (force)`).catch(() => undefined);
    await admin.end();
    rmSync(keks, { recursive: true, force: true });
  });

  it('holds compiled JavaScript of the service, its libraries and contracts, and no TypeScript, test kit or spec', () => {
    for (const [service, image] of images) {
      const files = filesOf(image.dir).filter((file) => !file.startsWith('node_modules'));
      expect({ service, typescript: files.filter((file) => file.endsWith('.ts')) }).toEqual({
        service,
        typescript: [],
      });
      expect(files).toContain(`services/${service}/src/main.js`);
      expect(files.some((file) => file.startsWith('libs/kernel/src/'))).toBe(true);
      expect(files.some((file) => file.startsWith('contracts/schemas/'))).toBe(true);
      expect(files.filter((file) => /^libs\/test-kit\/|\.spec\.js$/.test(file))).toEqual([]);
      for (const other of SERVICES.filter((name) => name !== service)) {
        expect(files.filter((file) => file.startsWith(`services/${other}/`))).toEqual([]);
      }
    }
  });

  it('carries production packages only: none of the repository’s development dependencies', () => {
    const development = Object.keys(rootPackage.devDependencies);
    for (const [service, image] of images) {
      expect({ service, development: image.packages.filter((name) => development.includes(name)) }).toEqual({
        service,
        development: [],
      });
      expect(image.packages).toEqual(expect.arrayContaining(['@nestjs/core', 'kafkajs', 'pg', 'mongoose']));
    }
  });

  it('runs each service from its folder with plain node: healthy, ready, validating, and stopping cleanly', async () => {
    const environment = (service: string, index: number) => ({
      PATH: process.env['PATH'],
      NODE_ENV: 'production',
      PORT: String(FIRST_PORT + index),
      KAFKA_BROKERS: endpoints.kafkaBrokers.join(','),
      DATABASE_URL: endpoints.databaseUrl.replace(/\/[^/?]+(\?|$)/, `/${database}$1`),
      MONGODB_URL: endpoints.mongodbUrl.replace(/\/[^/?]+(\?|$)/, `/${database}_${service}$1`),
      AUTH_PUBLIC_KEY_FILE: process.env['AUTH_PUBLIC_KEY_FILE'],
      TEACHER_ID_KEY_FILE: process.env['TEACHER_ID_KEY_FILE'],
      PERSONAL_DATA_KEK_DIR: keks,
    });
    const logs = new Map<string, string>();
    SERVICES.forEach((service, index) => {
      const image = images.get(service)!;
      const child = spawn(process.execPath, [`services/${service}/src/main.js`], {
        cwd: image.dir,
        env: environment(service, index),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      logs.set(service, '');
      const keep = (chunk: Buffer) => logs.set(service, logs.get(service)! + chunk.toString());
      child.stdout!.on('data', keep);
      child.stderr!.on('data', keep);
      running.push(child);
    });
    const url = (index: number) => `http://127.0.0.1:${FIRST_PORT + index}`;
    for (const [index, service] of SERVICES.entries()) {
      await until(
        async () => {
          if (running[index]!.exitCode !== null) {
            throw new Error(`${service} exited ${running[index]!.exitCode}:\n${logs.get(service)}`);
          }
          const answer = await fetch(`${url(index)}/health`).catch(() => null);
          return answer?.status === 200 && ((await answer.json()) as { service: string }).service === service;
        },
        `${service} healthy from its image folder`,
        { timeoutMs: 120_000, pollMs: 500 },
      );
    }
    // ready as a Kubernetes probe asks: its stores and Kafka answer, its read models caught up
    for (const [index, service] of SERVICES.entries()) {
      let last = '';
      await until(
        async () => {
          const answer = await fetch(`${url(index)}/health/ready`).catch(() => null);
          last = answer === null ? 'no answer' : `${answer.status} ${await answer.text()}`;
          return answer?.status === 200;
        },
        `${service} ready from its image folder`,
        { timeoutMs: 60_000, pollMs: 500 },
      ).catch((error: Error) => {
        throw new Error(`${error.message}; its last answer: ${last}`);
      });
    }

    // the compiled decorators carry their metadata: a bad body is refused naming the field, in Russian
    const token = await issueToken(
      readFileSync(process.env['AUTH_PRIVATE_KEY_FILE']!, 'utf8'),
      { subject: 'admin-63', role: 'ministry-admin', region: '63' },
      { ttl: '5m' },
    );
    const refused = await fetch(`${url(0)}/providers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ region: '63' }),
    });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(await refused.json())).toMatch(/[а-я]/);

    // SIGTERM: each closes its servers and ends by itself, as a rolling restart needs (Nest's
    // shutdown hooks end the process with the signal once the application has closed)
    const endings = await Promise.all(
      running.map(
        (child) =>
          new Promise<string>((resolve) => {
            const killing = setTimeout(() => child.kill('SIGKILL'), 30_000);
            child.once('exit', (code, signal) => {
              clearTimeout(killing);
              resolve(code === 0 ? 'exit 0' : `${signal ?? `exit ${code}`}`);
            });
            child.kill('SIGTERM');
          }),
      ),
    );
    for (const [index, ending] of endings.entries()) {
      // what it was doing when it did not end: its last lines
      const told = ending === 'SIGKILL' ? logs.get(SERVICES[index]!)!.slice(-3_000) : '';
      expect({ service: SERVICES[index], ending, told }).toEqual({
        told,
        service: SERVICES[index],
        ending: expect.stringMatching(/^(exit 0|SIGTERM)$/),
      });
      expect(logs.get(SERVICES[index]!)).not.toMatch(/UnhandledPromiseRejection|Unhandled 'error' event/);
    }
  }, 300_000);
});
