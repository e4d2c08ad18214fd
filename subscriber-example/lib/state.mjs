// The subscriber's own state in PostgreSQL: what it made of the completions (its effect), the ids
// of the events it applied (to drop the duplicates at-least-once delivery brings), and what it had
// to set aside. PostgreSQL rather than a file because the effect and the id that guards it must be
// stored atomically: one transaction writes both or neither, so a crash at any point leaves either
// the event applied and its id recorded, or nothing (and the redelivered event is applied then).
// A file could do that only by rewriting itself whole for every event, and only for one process;
// here several instances of the same consumer group share the state safely.
import pg from 'pg';

/**
 * Opens (and creates, if need be) the state in `schema`, a PostgreSQL schema of the subscriber's
 * own. Tables:
 * - `applied_events`: the id of every event applied: the duplicate check;
 * - `completions`: one row per applied CourseCompleted;
 * - `teacher_hours`: each teacher's courses and hours, added up event by event. Adding up is not
 *   idempotent on purpose: it is the kind of effect that counts twice if a duplicate slips through;
 * - `set_aside`: messages the subscriber should act on but could not, with the reason.
 */
export async function openState(databaseUrl, schema) {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema))
    throw new Error(`STATE_SCHEMA "${schema}": lower-case letters, digits and _ only`);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  // A connection the server drops while idle must not crash the process; the next query reconnects.
  pool.on('error', (error) => console.warn(`[subscriber] idle database connection lost: ${error.message}`));
  await transaction(pool, async (client) => {
    // several instances starting at once create the tables once
    await client.query('select pg_advisory_xact_lock(hashtext($1))', [`subscriber-state:${schema}`]);
    await client.query(`
      create schema if not exists ${schema};
      create table if not exists ${schema}.applied_events (
        event_id uuid primary key, type text not null, applied_at timestamptz not null default now());
      create table if not exists ${schema}.completions (
        event_id uuid primary key references ${schema}.applied_events, enrollment_id uuid not null,
        teacher_id uuid not null, region text not null, organization_id uuid not null, program_id uuid not null,
        offering_id uuid not null, provider_id uuid not null, kind text not null, hours integer not null,
        completed_on date not null, certificate_number text not null);
      create table if not exists ${schema}.teacher_hours (
        teacher_id uuid primary key, courses integer not null, hours integer not null);
      create table if not exists ${schema}.set_aside (
        topic text not null, partition integer not null, "offset" bigint not null, event_id uuid, type text,
        schema_version integer, reason text not null, value text, set_aside_at timestamptz not null default now(),
        primary key (topic, partition, "offset"))`);
  });

  return {
    /**
     * Applies a CourseCompleted once: 'applied', or 'duplicate' when its id was applied before
     * (then nothing changes). The id, the completion and the teacher's hours go in one transaction.
     */
    applyCompletion: (envelope) =>
      transaction(pool, async (client) => {
        const { rowCount } = await client.query(
          `insert into ${schema}.applied_events (event_id, type) values ($1, $2) on conflict do nothing`,
          [envelope.id, envelope.type],
        );
        // Another instance of the group may hold the same event in a rebalance: its insert waits
        // for ours to commit and then finds the id, so only one of them applies it.
        if (rowCount === 0) return 'duplicate';
        const d = envelope.data;
        await client.query(
          `insert into ${schema}.completions (event_id, enrollment_id, teacher_id, region, organization_id,
             program_id, offering_id, provider_id, kind, hours, completed_on, certificate_number)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
          [
            envelope.id,
            d.enrollmentId,
            d.teacherId,
            d.region,
            d.organizationId,
            d.programId,
            d.offeringId,
            d.providerId,
            d.kind,
            d.hours,
            d.completedOn,
            d.certificateNumber,
          ],
        );
        await client.query(
          `insert into ${schema}.teacher_hours (teacher_id, courses, hours) values ($1, 1, $2)
           on conflict (teacher_id) do update
           set courses = teacher_hours.courses + 1, hours = teacher_hours.hours + excluded.hours`,
          [d.teacherId, d.hours],
        );
        return 'applied';
      }),

    /** Keeps a message it could not act on; the same message set aside again changes nothing. */
    setAside: async ({ topic, partition, offset, reason, envelope, value }) => {
      await pool.query(
        `insert into ${schema}.set_aside (topic, partition, "offset", event_id, type, schema_version, reason, value)
         values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict do nothing`,
        [
          topic,
          partition,
          offset,
          uuidOrNull(envelope?.id),
          envelope?.type ?? null,
          Number.isInteger(envelope?.schemaVersion) ? envelope.schemaVersion : null,
          reason,
          value,
        ],
      );
    },

    close: () => pool.end(),
  };
}

async function transaction(pool, work) {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

function uuidOrNull(id) {
  return typeof id === 'string' && /^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i.test(id) ? id : null;
}
