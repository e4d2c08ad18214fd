import type { CommandContext } from '@pk/kernel';
import { TestClock } from '@pk/test-kit';
import { HealthChecks } from '../health';
import {
  ABANDONED_AFTER_MS,
  type ImportFormat,
  ImportFormats,
  ImportRunner,
  type RowResult,
} from './import-runner';
import { InMemoryImportStore } from './import-store';

const caller: CommandContext = { actor: { id: 'admin', role: 'ministry-admin' }, correlationId: 'c-1' };
const file = (rows: readonly string[]) => Buffer.from(['code;name', ...rows].join('\n'), 'utf8');
const codes = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => `${from + i};Строка ${from + i}`);

/** A format that records which lines it ran; `run` may be made to wait or fail. */
function format(overrides: Partial<ImportFormat> = {}) {
  const ran: number[] = [];
  const value: ImportFormat & { ran: number[] } = {
    kind: 'things',
    columns: { required: ['code', 'name'] },
    key: (row) => ({ value: row.cells['code']!, column: 'code', label: `код ${row.cells['code']}` }),
    run: async (row): Promise<RowResult> => {
      ran.push(row.line);
      return row.cells['name']!.startsWith('!')
        ? [{ column: 'name', reason: 'имя с восклицанием' }]
        : 'registered';
    },
    ...overrides,
    ran,
  };
  return value;
}

function runnerOf(
  formats: ImportFormat[],
  store = new InMemoryImportStore(),
  clock = new TestClock(new Date('2026-09-01T09:00:00Z')),
) {
  const byKind = new Map(formats.map((f) => [f.kind, f]));
  const registry: ImportFormats = { kinds: [...byKind.keys()], of: (kind) => byKind.get(kind) };
  return { runner: new ImportRunner(store, registry, clock, new HealthChecks()), store, clock };
}

async function ended(runner: ImportRunner, importId: string) {
  for (let i = 0; i < 500; i++) {
    const report = await runner.find(importId);
    if (report && report.status !== 'running') return report;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('the import did not end');
}

describe('import runner', () => {
  it('runs every row, rejects a later duplicate and a row of another width by line, and counts', async () => {
    const things = format();
    const { runner } = runnerOf([things]);
    const started = await runner.start(
      'things',
      '63',
      file(['1;a', '2;!b', '1;c', '3;d;extra', '4;e']),
      caller,
    );
    expect(started).toMatchObject({ status: 'running', totalRows: 5, resumable: true });
    const report = await ended(runner, started.importId);
    expect(report).toMatchObject({ status: 'finished', processed: 5, registered: 2, rejected: 3 });
    expect(report.rejections.map((r) => r.message)).toEqual([
      'строка 3, столбец name: имя с восклицанием',
      'строка 4, столбец code: код 1 уже встречается в строке 2; строка не загружена',
      'строка 5: значений в строке 3, а столбцов в заголовке 2',
    ]);
    expect(things.ran.sort()).toEqual([2, 3, 6]);
  });

  it('lists every accepted row with the id its format names, in line order, beside the counts', async () => {
    const things = format({
      run: async (row): Promise<RowResult> => {
        if (row.cells['name']!.startsWith('!')) return [{ column: 'name', reason: 'имя с восклицанием' }];
        const id = `thing-${row.cells['code']}`;
        return row.cells['name'] === 'old' ? { outcome: 'unchanged', id } : { outcome: 'registered', id };
      },
    });
    const { runner } = runnerOf([things]);
    const rows = [...Array.from({ length: 600 }, (_, i) => `${i};x`), '600;!y', '601;old'];
    const report = await ended(runner, (await runner.start('things', '63', file(rows), caller)).importId);
    expect(report).toMatchObject({
      status: 'finished',
      processed: 602,
      registered: 600,
      unchanged: 1,
      rejected: 1,
      checkpoint: { done: { processed: 602, registered: 600, unchanged: 1, rejected: 1 } },
    });
    expect(await runner.accepted(report.importId, 0, 2)).toEqual([
      { line: 2, id: 'thing-0' },
      { line: 3, id: 'thing-1' },
    ]);
    expect(await runner.accepted(report.importId, 600, 10)).toEqual([
      { line: 601, id: 'thing-599' },
      { line: 603, id: 'thing-601' },
    ]);
  });

  it('says finished only with its rejections, even to a reader while the last save is under way', async () => {
    // the final save is slow, as a loaded store's is: the report a reader gets meanwhile is the
    // running import's own, and it must not say finished without the rejections it found
    class SlowStore extends InMemoryImportStore {
      override async save(...args: Parameters<InMemoryImportStore['save']>) {
        if (args[0].status !== 'running') await new Promise((resolve) => setTimeout(resolve, 200));
        return super.save(...args);
      }
    }
    const { runner } = runnerOf([format()], new SlowStore());
    const started = await runner.start('things', '63', file(['1;a', '2;!b']), caller);
    const report = await ended(runner, started.importId);
    expect(report).toMatchObject({ status: 'finished', rejected: 1 });
    expect(report.rejections.map((r) => r.line)).toEqual([3]);
  });

  it('keeps the first hundred rejections in the report and every one of them in pages', async () => {
    const { runner } = runnerOf([format()]);
    const rows = Array.from({ length: 250 }, (_, i) => `${i};!${i}`);
    const report = await ended(runner, (await runner.start('things', '63', file(rows), caller)).importId);
    expect(report).toMatchObject({ status: 'finished', processed: 250, rejected: 250 });
    expect(report.rejections).toHaveLength(100);
    expect(report.rejections[99]!.line).toBe(101);
    const pages: number[] = [];
    for (let after = 0; ;) {
      const page = await runner.rejections(report.importId, after, 100);
      pages.push(page.length);
      if (page.length < 100) break;
      after = page[page.length - 1]!.line;
    }
    expect(pages).toEqual([100, 100, 50]);
  });

  it('runs one import of a kind per region at a time: a second answers 409 naming the first', async () => {
    let release: () => void = () => undefined;
    const waiting = new Promise<void>((resolve) => (release = resolve));
    const { runner } = runnerOf([format({ run: async () => (await waiting, 'registered') })]);
    const first = await runner.start('things', '63', file(codes(1, 3)), caller);
    await expect(runner.start('things', '63', file(codes(1, 3)), caller)).rejects.toMatchObject({
      status: 409,
      response: { code: 'import-already-running' },
    });
    // another region imports meanwhile
    const other = await runner.start('things', '24', file(codes(1, 1)), caller);
    release();
    expect(await ended(runner, first.importId)).toMatchObject({ status: 'finished' });
    expect(await ended(runner, other.importId)).toMatchObject({ status: 'finished' });
  });

  it('records a failure outside the rows as an interruption, never as an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const listener = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', listener);
    try {
      const { runner } = runnerOf([
        format({
          prepare: async () => {
            throw new Error('connect ECONNREFUSED teacher_keys');
          },
        }),
      ]);
      const report = await ended(
        runner,
        (await runner.start('things', '63', file(codes(1, 2)), caller)).importId,
      );
      expect(report).toMatchObject({
        status: 'interrupted',
        processed: 0,
        interruption: expect.stringMatching(/ECONNREFUSED/),
      });
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', listener);
    }
  });

  it('resumes an import its stopped process left, after the last row every earlier one was done with', async () => {
    const store = new InMemoryImportStore();
    const clock = new TestClock(new Date('2026-09-01T09:00:00Z'));
    let stopAt = 700;
    const slow = format({
      concurrency: 4,
      run: async (row) => {
        slow.ran.push(row.line);
        if (row.line > stopAt) await new Promise(() => undefined); // the process dies holding these
        return 'registered';
      },
    });
    const first = runnerOf([slow], store, clock).runner;
    const started = await first.start('things', '63', file(codes(1, 1_200)), caller);
    while (slow.ran.length < 700) await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // a progress save
    const left = (await store.find(started.importId))!;
    expect(left).toMatchObject({ status: 'running', checkpoint: { doneThrough: expect.any(Number) } });
    const doneThrough = left.checkpoint.doneThrough;
    expect(doneThrough).toBeGreaterThan(1);
    expect(doneThrough).toBeLessThanOrEqual(701);

    // the process stops (its rows in flight never finish); another replica notices the import was
    // not saved for a while, and takes it over
    void first.beforeApplicationShutdown();
    stopAt = Number.MAX_SAFE_INTEGER;
    const resumedRows = format();
    const second = runnerOf([resumedRows], store, clock).runner;
    await second.takeOverAbandoned();
    expect(resumedRows.ran).toEqual([]); // not yet abandoned
    clock.advance(ABANDONED_AFTER_MS + 1);
    await second.takeOverAbandoned();
    const report = await ended(second, started.importId);
    expect(report).toMatchObject({ status: 'finished', processed: 1_200, registered: 1_200, rejected: 0 });
    expect(Math.min(...resumedRows.ran)).toBe(doneThrough + 1); // nothing behind the checkpoint again
    expect(await store.file(started.importId)).toBeUndefined(); // the file goes when the import ends
  });

  it('marks an abandoned import of personal data interrupted, with the reason: its file was never kept', async () => {
    const store = new InMemoryImportStore();
    const clock = new TestClock(new Date('2026-09-01T09:00:00Z'));
    const personal = format({ personalData: true, run: () => new Promise(() => undefined) });
    const started = await runnerOf([personal], store, clock).runner.start(
      'things',
      '63',
      file(codes(1, 3)),
      caller,
    );
    expect(await store.file(started.importId)).toBeUndefined();
    clock.advance(ABANDONED_AFTER_MS + 1);
    await runnerOf([format({ personalData: true })], store, clock).runner.takeOverAbandoned();
    expect(await store.find(started.importId)).toMatchObject({
      status: 'interrupted',
      interruption: expect.stringMatching(/файл с персональными данными не хранится/),
    });
  });
});
