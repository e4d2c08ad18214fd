import { Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { PUBLIC_TOPIC_PARTITIONS, publicTopic } from '@pk/contracts';
import { PostgresEventStore, PostgresRelayCheckpoints, PostgresSchedule } from '@pk/event-store';
import { connectReadStore } from '@pk/projections';
import { Logger as PinoLogger } from 'nestjs-pino';
import { Pool } from 'pg';
import type { LevelWithSilent } from 'pino';
import { requiredSetting } from './environment';
import { kafkaBus } from './event-sourcing/event-sourcing.module';
import { PostgresImportStore } from './imports/import-store';
import { type LogFormat, loggingModule } from './logging';
import { readModelRunner } from './read-models/read-model.module';
import { PostgresDeadLetterReplays } from './reactions/dead-letter-replays';
import { type ServiceDefinition, settingsOf } from './service-definition';
import { SettingsRefused, validateSettings } from './settings/settings';
import type { ContextDatabase } from './side-stores';

/**
 * Whether the process was started to migrate and exit (`--migrate-only` or MIGRATE_ONLY=1), as a
 * Kubernetes Job does before a release's replicas roll (deploy/k8s).
 */
export function migrateOnlyRequested(
  argv: readonly string[] = process.argv,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  return argv.includes('--migrate-only') || env['MIGRATE_ONLY'] === '1' || env['MIGRATE_ONLY'] === 'true';
}

/**
 * Creates what the service's stores need and would otherwise create lazily on first use: its
 * PostgreSQL schema and tables (events, relay checkpoints, schedule, dead-letter replays, imports,
 * the service's own `migrations`), its public Kafka topic and the topics its read models read, and
 * each read model's state and serving collections with their indexes. No consumer joins a group
 * and nothing is relayed, so it may run beside the replicas of the previous release; every step is
 * "if not exists" (and serialised by advisory locks where replicas could race), so running it again
 * changes nothing. Settings are validated by the caller. Returns what it did, a line per step.
 */
export async function migrateService(service: ServiceDefinition): Promise<string[]> {
  const log = new Logger(`migrations:${service.context}`);
  const done: string[] = [];
  const step = async (what: string, work: () => Promise<unknown>) => {
    await work();
    done.push(what);
    log.log(what);
  };
  const schema = service.context;
  const topics = new Set<string>(service.readModels?.flatMap((projection) => projection.topics) ?? []);
  if (service.writeSide !== false) {
    topics.add(publicTopic(service.context));
    const pool = new Pool({
      connectionString: requiredSetting('DATABASE_URL', 'the event store database'),
      max: 2,
    });
    try {
      const database: ContextDatabase = { pool, schema };
      await step(`${schema}.events`, () =>
        new PostgresEventStore({ pool, schema, source: `pk/${schema}` }).migrate(),
      );
      await step(`${schema}.relay_checkpoints, relay_parked`, () =>
        new PostgresRelayCheckpoints(pool, schema).migrate(),
      );
      await step(`${schema}.scheduled_commands`, () => new PostgresSchedule(pool, schema).migrate());
      await step(`${schema}.dead_letter_replays`, () =>
        new PostgresDeadLetterReplays(pool, schema).migrate(),
      );
      // a service that imports files declares the IMPORT_* settings (services/*/src/service.ts)
      if (settingsOf(service).some((setting) => setting.name.startsWith('IMPORT_'))) {
        await step(`${schema}.import_reports, import_rejections, import_accepted, import_files`, () =>
          new PostgresImportStore(database).migrate(),
        );
      }
      for (const [index, migration] of (service.migrations ?? []).entries()) {
        await step(`${schema}: the service's own migration ${index + 1}`, () => migration(database));
      }
    } finally {
      await pool.end();
    }
  }
  if (topics.size > 0) {
    const bus = kafkaBus(`pk-${service.context}-migrations`);
    try {
      await step(`topics ${[...topics].sort().join(', ')}`, () =>
        bus.ensureTopics([...topics].map((topic) => ({ topic, partitions: PUBLIC_TOPIC_PARTITIONS }))),
      );
    } finally {
      await bus.close();
    }
  }
  if (service.readModels?.length) {
    const connection = await connectReadStore(requiredSetting('MONGODB_URL', 'the read-model database'));
    // the runners' consumers are never started: prepare() only writes the read store
    const bus = kafkaBus(`pk-${service.context}-migrations`);
    try {
      for (const projection of service.readModels) {
        const runner = readModelRunner(service.context, connection, bus, projection);
        await step(`read model ${projection.name}: state, collections and indexes`, () => runner.prepare());
      }
    } finally {
      await bus.close();
      await connection.close();
    }
  }
  return done;
}

/**
 * The process of `--migrate-only` / MIGRATE_ONLY=1 (runService): the settings checked as at start-up,
 * the service's log as when it serves (JSON lines), migrateService, then exit code 0, or 1 with the
 * reason when a setting or a store refuses. Serves nothing, joins no consumer group.
 */
export async function migrateAndExit(service: ServiceDefinition): Promise<void> {
  const name = service.context;
  let settings: Record<string, unknown>;
  try {
    settings = validateSettings(name, settingsOf(service));
  } catch (error) {
    new Logger(name).error(error instanceof SettingsRefused ? error.message : String(error));
    return exit(1);
  }
  @Module({
    imports: [
      loggingModule(name, {
        level: settings['LOG_LEVEL'] as LevelWithSilent | undefined,
        format: settings['LOG_FORMAT'] as LogFormat | undefined,
      }),
    ],
  })
  class MigrationLog {}
  const context = await NestFactory.createApplicationContext(MigrationLog, { bufferLogs: true });
  context.useLogger(context.get(PinoLogger));
  const log = new Logger(name);
  try {
    const steps = await migrateService(service);
    log.log(`${name} migrated (${steps.length} steps); exiting`);
    await context.close();
    exit(0);
  } catch (error) {
    log.error(`${name} could not migrate: ${String(error)}`, (error as Error)?.stack);
    await context.close();
    exit(1);
  }
}

/** Ends with the code once the log is written; a client left open cannot keep the Job's pod running. */
function exit(code: number): void {
  process.exitCode = code;
  setTimeout(() => process.exit(code), 5_000).unref();
}
