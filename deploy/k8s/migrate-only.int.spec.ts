import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { publicTopic } from '@pk/contracts';
import { serverEndpoints, uniqueName } from '@pk/test-kit';
import { Kafka, logLevel } from 'kafkajs';
import mongoose from 'mongoose';
import { Pool } from 'pg';

const ROOT = path.join(__dirname, '..', '..');

/** The service from its sources, as the local stack starts it; resolves with its exit code and output. */
function run(
  service: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; output: string }> {
  const child = spawn(
    process.execPath,
    ['-r', '@swc-node/register', `services/${service}/src/main.ts`, ...args],
    {
      cwd: ROOT,
      env: { PATH: process.env['PATH'], SWC_NODE_PROJECT: path.join(ROOT, 'tsconfig.base.json'), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

// What the Kubernetes migrations Job runs (deploy/k8s/base/service/migrate-job.yaml): the service
// with MIGRATE_ONLY=1 or --migrate-only, on an empty database, makes its tables, topics and read-store
// indexes and exits 0 without serving.
describe('a service in migrate-only mode (integration)', () => {
  const endpoints = serverEndpoints();
  const admin = new Pool({ connectionString: endpoints.databaseUrl, max: 1 });
  const database = uniqueName('migrate').replace(/[^a-z0-9_]/g, '_');
  const keks = mkdtempSync(path.join(tmpdir(), 'pk-migrate-keks-'));
  const settings = (service: string): NodeJS.ProcessEnv => ({
    KAFKA_BROKERS: endpoints.kafkaBrokers.join(','),
    DATABASE_URL: endpoints.databaseUrl.replace(/\/[^/?]+(\?|$)/, `/${database}$1`),
    MONGODB_URL: endpoints.mongodbUrl.replace(/\/[^/?]+(\?|$)/, `/${database}_${service}$1`),
    AUTH_PUBLIC_KEY_FILE: process.env['AUTH_PUBLIC_KEY_FILE'],
    TEACHER_ID_KEY_FILE: process.env['TEACHER_ID_KEY_FILE'],
    TEACHER_ID_KEY: process.env['TEACHER_ID_KEY'],
    PERSONAL_DATA_KEK_DIR: keks,
    // validated like every setting, never bound: migrate-only does not listen
    PORT: '1',
  });

  beforeAll(() => admin.query(`create database ${database}`));
  afterAll(async () => {
    await admin.query(`drop database if exists ${database} with (force)`).catch(() => undefined);
    await admin.end();
    rmSync(keks, { recursive: true, force: true });
  });

  it('makes the tables, topics and read-store indexes on an empty database and exits 0', async () => {
    const [enrollment, diagnostics] = await Promise.all([
      run('enrollment', ['--migrate-only'], settings('enrollment')),
      run('diagnostics', [], { ...settings('diagnostics'), MIGRATE_ONLY: '1' }),
    ]);
    expect({ code: enrollment.code, output: enrollment.code === 0 ? '' : enrollment.output }).toEqual({
      code: 0,
      output: '',
    });
    expect({ code: diagnostics.code, output: diagnostics.code === 0 ? '' : diagnostics.output }).toEqual({
      code: 0,
      output: '',
    });
    expect(enrollment.output).not.toMatch(/listening on/);

    const pool = new Pool({ connectionString: settings('').DATABASE_URL, max: 1 });
    const { rows } = await pool.query<{ name: string }>(
      `select table_schema || '.' || table_name as name from information_schema.tables
        where table_schema in ('enrollment', 'diagnostics') order by 1`,
    );
    await pool.end();
    const tables = rows.map((row) => row.name);
    for (const schema of ['enrollment', 'diagnostics']) {
      expect(tables).toEqual(
        expect.arrayContaining(
          ['events', 'relay_checkpoints', 'relay_parked', 'scheduled_commands', 'dead_letter_replays'].map(
            (table) => `${schema}.${table}`,
          ),
        ),
      );
    }
    // the services' own tables and the imports' (diagnostics imports teachers)
    expect(tables).toEqual(
      expect.arrayContaining([
        'enrollment.startup_sweep',
        'enrollment.teacher_applications',
        'diagnostics.teacher_wrapped_keys',
        'diagnostics.import_reports',
      ]),
    );
    expect(tables.filter((name) => name.startsWith('enrollment.import_'))).toEqual([]);

    const store = await mongoose.createConnection(settings('enrollment').MONGODB_URL!).asPromise();
    const states = await store.db!.collection('projection_state').find().toArray();
    const collections = (await store.db!.listCollections().toArray()).map((c) => c.name);
    await store.close();
    expect(states.map((state) => state['_id'])).toEqual(['enrollment-applications']);
    expect(collections.filter((name) => name.startsWith('enrollment-applications'))).not.toEqual([]);

    const kafka = new Kafka({ brokers: endpoints.kafkaBrokers, logLevel: logLevel.NOTHING });
    const kafkaAdmin = kafka.admin();
    await kafkaAdmin.connect();
    const topics = await kafkaAdmin.listTopics();
    await kafkaAdmin.disconnect();
    expect(topics).toEqual(expect.arrayContaining([publicTopic('enrollment'), publicTopic('diagnostics')]));
  }, 90_000);
});
