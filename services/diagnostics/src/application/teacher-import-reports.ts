import type { Actor } from '@pk/contracts';
import { type CsvEncoding, type CsvSeparator, ImportReportStore } from '@pk/service-runtime';

/**
 * One reason a row was not imported: where (line and column of the file) and why, in Russian. Never
 * the personal data of the row (a report is read by more people than the data may be).
 */
export interface TeacherImportRejection {
  readonly line: number;
  /** The column at fault; null when the row as a whole is (a duplicate, a refused rule). */
  readonly column: string | null;
  readonly reason: string;
  /** The same, ready to read: «строка 17, столбец snils: СНИЛС не проходит проверку контрольного числа». */
  readonly message: string;
}

/**
 * An import's progress while it runs, and its report when it has finished. "interrupted": the
 * service stopped before the end; re-running the same file finishes it (rows already imported come
 * out unchanged).
 */
export interface TeacherImportReport {
  readonly importId: string;
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
  /** Ordered by line. */
  readonly rejections: readonly TeacherImportRejection[];
}

/** Teacher import reports: the kit's store, in `diagnostics.import_reports`. */
export abstract class TeacherImportReports extends ImportReportStore<TeacherImportReport> {}
