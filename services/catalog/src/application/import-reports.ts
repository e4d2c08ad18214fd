import type { Actor } from '@pk/contracts';
import { type CsvEncoding, type CsvSeparator, ImportReportStore } from '@pk/service-runtime';

export const IMPORT_DIRECTORIES = [
  'providers',
  'municipalities',
  'organizations',
  'internship-sites',
  'programs',
] as const;
export type ImportDirectory = (typeof IMPORT_DIRECTORIES)[number];

/** One reason a row was not imported: where (line and column of the file) and why, in Russian. */
export interface Rejection {
  readonly line: number;
  /** The column at fault; null when the row as a whole is (a duplicate, a refused rule). */
  readonly column: string | null;
  readonly reason: string;
  /** The same, ready to read: «строка 17, столбец inn: ИНН "12345" должен состоять из 10 цифр». */
  readonly message: string;
}

/**
 * An import's progress while it runs, and its report when it has finished. "interrupted": the
 * service stopped before the end; re-running the same file finishes it (rows already imported
 * come out unchanged).
 */
export interface ImportReport {
  readonly importId: string;
  readonly directory: ImportDirectory;
  readonly region: string;
  readonly status: 'running' | 'finished' | 'interrupted';
  readonly startedBy: Actor;
  readonly startedAt: string;
  readonly updatedAt: string;
  readonly finishedAt: string | null;
  readonly encoding: CsvEncoding;
  readonly separator: CsvSeparator;
  readonly totalRows: number;
  readonly processed: number;
  readonly registered: number;
  readonly updated: number;
  readonly unchanged: number;
  /** Rows not imported (a row may have several rejections). */
  readonly rejected: number;
  /** Ordered by line once finished. */
  readonly rejections: readonly Rejection[];
}

/** The catalog's import reports: the kit's store, in `catalog.import_reports`. */
export abstract class ImportReports extends ImportReportStore<ImportReport> {}
