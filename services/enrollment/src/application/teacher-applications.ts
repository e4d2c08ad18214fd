import type { OnModuleInit } from '@nestjs/common';
import type { ContextDatabase } from '@pk/service-runtime';

/** Where a teacher's application lives: the offering whose group stream holds it. */
export interface ApplicationRef {
  readonly applicationId: string;
  readonly offeringId: string;
  readonly submittedAt: string;
}

/**
 * Which offerings a teacher applied to: the one cross-offering list the group streams cannot answer
 * by themselves. The application's state is read from its group's stream; this holds only where
 * to look. A table of the service's own, written when an application is decided (its events are
 * private, so no read model could be built from the topic).
 */
export abstract class TeacherApplications {
  abstract add(teacherId: string, ref: ApplicationRef): Promise<void>;
  /** The teacher's applications, the latest first. */
  abstract ofTeacher(teacherId: string): Promise<readonly ApplicationRef[]>;
}

export class InMemoryTeacherApplications extends TeacherApplications {
  private readonly rows = new Map<string, ApplicationRef[]>();

  async add(teacherId: string, ref: ApplicationRef): Promise<void> {
    const rows = this.rows.get(teacherId) ?? [];
    if (!rows.some((row) => row.applicationId === ref.applicationId)) rows.push(ref);
    this.rows.set(teacherId, rows);
  }

  async ofTeacher(teacherId: string): Promise<readonly ApplicationRef[]> {
    return [...(this.rows.get(teacherId) ?? [])].sort((a, b) => b.submittedAt.localeCompare(a.submittedAt));
  }
}

export class PostgresTeacherApplications extends TeacherApplications implements OnModuleInit {
  private ready: Promise<void> | undefined;

  constructor(private readonly database: ContextDatabase) {
    super();
  }

  async onModuleInit(): Promise<void> {
    await this.table();
  }

  async add(teacherId: string, ref: ApplicationRef): Promise<void> {
    await this.table();
    // the same application again (a retried decision's hook) adds nothing
    await this.database.pool.query(
      `insert into ${this.name} (application_id, teacher_id, offering_id, submitted_at)
       values ($1, $2, $3, $4) on conflict (application_id) do nothing`,
      [ref.applicationId, teacherId, ref.offeringId, ref.submittedAt],
    );
  }

  async ofTeacher(teacherId: string): Promise<readonly ApplicationRef[]> {
    await this.table();
    const { rows } = await this.database.pool.query<{
      application_id: string;
      offering_id: string;
      submitted_at: Date;
    }>(
      `select application_id, offering_id, submitted_at from ${this.name}
       where teacher_id = $1 order by submitted_at desc, application_id limit 1000`,
      [teacherId],
    );
    return rows.map((row) => ({
      applicationId: row.application_id,
      offeringId: row.offering_id,
      submittedAt: row.submitted_at.toISOString(),
    }));
  }

  private get name() {
    return `${this.database.schema}.teacher_applications`;
  }

  private table(): Promise<void> {
    this.ready ??= this.database.pool
      .query(
        `create schema if not exists ${this.database.schema};
         create table if not exists ${this.name} (
           application_id uuid primary key,
           teacher_id uuid not null,
           offering_id uuid not null,
           submitted_at timestamptz not null
         );
         create index if not exists teacher_applications_by_teacher on ${this.name} (teacher_id, submitted_at desc);`,
      )
      .then(() => undefined);
    return this.ready;
  }
}
