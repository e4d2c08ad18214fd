import type { Pool } from 'pg';
import type { ReportData } from './report-data';

// The reports as issued: the frozen data of each (not its files — XLSX, PDF and CSV are drawn from
// it on every download, the same data giving the same figures), kept for good in the context's own
// schema. A table beside the events rather than an event: a report records no decision, it is a
// document the platform issued, listed by year.

export interface ReportSummary {
  readonly reportId: string;
  readonly region: string;
  readonly year: number;
  readonly municipalityId: string | null;
  readonly title: string;
  readonly issuedAt: string;
  readonly issuedBy: string;
}

export abstract class ReportStore {
  abstract save(report: ReportData): Promise<void>;
  abstract find(reportId: string): Promise<ReportData | null>;
  /** The reports of a region's year, newest first; a municipality's only, when one is named. */
  abstract list(region: string, year: number, municipalityId?: string): Promise<ReportSummary[]>;
}

const summaryOf = (report: ReportData): ReportSummary => ({
  reportId: report.reportId,
  region: report.region,
  year: report.year,
  municipalityId: report.municipalityId,
  title: report.title,
  issuedAt: report.issuedAt,
  issuedBy: report.issuedBy,
});

const newestFirst = (a: ReportSummary, b: ReportSummary) =>
  b.issuedAt.localeCompare(a.issuedAt) || a.reportId.localeCompare(b.reportId);

export class InMemoryReportStore extends ReportStore {
  private readonly reports = new Map<string, ReportData>();

  async save(report: ReportData): Promise<void> {
    this.reports.set(report.reportId, structuredClone(report));
  }

  async find(reportId: string): Promise<ReportData | null> {
    const report = this.reports.get(reportId);
    return report === undefined ? null : structuredClone(report);
  }

  async list(region: string, year: number, municipalityId?: string): Promise<ReportSummary[]> {
    return [...this.reports.values()]
      .filter(
        (report) =>
          report.region === region &&
          report.year === year &&
          (municipalityId === undefined || report.municipalityId === municipalityId),
      )
      .map(summaryOf)
      .sort(newestFirst);
  }
}

export class PostgresReportStore extends ReportStore {
  private ready: Promise<unknown> | undefined;

  constructor(
    private readonly pool: Pool,
    private readonly schema: string,
  ) {
    super();
  }

  /** Creates the table once per process (also run ahead by the migrate-only mode: service.ts). */
  migrate(): Promise<unknown> {
    this.ready ??= this.pool
      .query(
        `create schema if not exists ${this.schema};
         create table if not exists ${this.schema}.reports (
           report_id uuid primary key,
           region text not null,
           year integer not null,
           municipality_id text,
           issued_at timestamptz not null,
           data jsonb not null
         );
         create index if not exists reports_by_year on ${this.schema}.reports (region, year, issued_at desc);`,
      )
      .catch((error: unknown) => {
        this.ready = undefined; // a failed start is tried again by the next request
        throw error;
      });
    return this.ready;
  }

  async save(report: ReportData): Promise<void> {
    await this.migrate();
    await this.pool.query(
      `insert into ${this.schema}.reports (report_id, region, year, municipality_id, issued_at, data)
       values ($1, $2, $3, $4, $5, $6) on conflict (report_id) do nothing`,
      [
        report.reportId,
        report.region,
        report.year,
        report.municipalityId,
        report.issuedAt,
        JSON.stringify(report),
      ],
    );
  }

  async find(reportId: string): Promise<ReportData | null> {
    await this.migrate();
    const { rows } = await this.pool.query<{ data: ReportData }>(
      `select data from ${this.schema}.reports where report_id = $1`,
      [reportId],
    );
    return rows[0]?.data ?? null;
  }

  async list(region: string, year: number, municipalityId?: string): Promise<ReportSummary[]> {
    await this.migrate();
    const { rows } = await this.pool.query<{ data: ReportData }>(
      `select jsonb_build_object(
         'reportId', data->'reportId', 'region', data->'region', 'year', data->'year',
         'municipalityId', data->'municipalityId', 'title', data->'title',
         'issuedAt', data->'issuedAt', 'issuedBy', data->'issuedBy') as data
       from ${this.schema}.reports
       where region = $1 and year = $2 and ($3::text is null or municipality_id = $3)
       order by issued_at desc, report_id`,
      [region, year, municipalityId ?? null],
    );
    return rows.map((row) => row.data as unknown as ReportSummary);
  }
}
