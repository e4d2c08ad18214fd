import { type DocumentWriter, StagedDocumentWriter } from './document-writer';
import type { DocumentChange } from './projection';

/** What reaches the store: each write's changes, in order; `failing` writes throw. */
function store() {
  const writes: DocumentChange[][] = [];
  let failing = 0;
  const direct = {
    write: async (changes: readonly DocumentChange[]) => {
      if (failing > 0) {
        failing -= 1;
        throw new Error('the read store is away');
      }
      writes.push([...changes]);
    },
  } as unknown as DocumentWriter;
  return { direct, writes, failNext: (n: number) => (failing = n) };
}

const change = (id: string, position: number, set: Record<string, unknown>): DocumentChange => ({
  collection: 'programs',
  id,
  position,
  set,
});

describe('a rebuild’s staged writer', () => {
  it('writes nothing until the flush, then each document once, folded in position order', async () => {
    const { direct, writes } = store();
    const writer = new StagedDocumentWriter(direct);
    await writer.write([change('a', 0, { title: 'Черновик', status: 'draft' })]);
    await writer.write([
      change('b', 0, { title: 'Другая', status: 'draft' }),
      change('a', 1, { status: 'submitted' }),
    ]);
    await writer.write([change('a', 2, { status: 'approved' })]);
    expect(writes).toEqual([]);
    expect(writer.size).toBe(2);

    await writer.flush();
    expect(writes).toEqual([
      [
        change('a', 2, { title: 'Черновик', status: 'approved' }),
        change('b', 0, { title: 'Другая', status: 'draft' }),
      ],
    ]);
  });

  it('keeps the later change when an earlier one is redelivered after it', async () => {
    const { direct, writes } = store();
    const writer = new StagedDocumentWriter(direct);
    await writer.write([
      change('a', 0, { title: 'T', status: 'draft' }),
      change('a', 2, { status: 'approved' }),
    ]);
    await writer.write([
      change('a', 1, { status: 'submitted', revision: 1 }),
      change('a', 2, { status: 'approved' }),
    ]);
    await writer.flush();
    expect(writes).toEqual([[change('a', 2, { title: 'T', status: 'approved', revision: 1 })]]);
  });

  it('writes through once flushed', async () => {
    const { direct, writes } = store();
    const writer = new StagedDocumentWriter(direct);
    await writer.flush();
    await writer.write([change('a', 3, { status: 'archived' })]);
    expect(writes).toEqual([[change('a', 3, { status: 'archived' })]]);
  });

  it('past its limit writes what it holds and goes on writing through, so memory stays bounded', async () => {
    const { direct, writes } = store();
    const writer = new StagedDocumentWriter(direct, 2);
    await writer.write([change('a', 0, { n: 1 }), change('b', 0, { n: 1 })]);
    expect(writes).toEqual([]);
    await writer.write([change('c', 0, { n: 1 })]);
    expect(writes.flat().map((c) => c.id)).toEqual(['a', 'b', 'c']);
    expect(writer.size).toBe(0);
    await writer.write([change('a', 1, { n: 2 })]);
    expect(writes.at(-1)).toEqual([change('a', 1, { n: 2 })]);
  });

  it('keeps everything staged when the store fails during the flush, and the next flush writes it all', async () => {
    const { direct, writes, failNext } = store();
    const writer = new StagedDocumentWriter(direct);
    await writer.write([change('a', 0, { n: 1 })]);
    failNext(1);
    await expect(writer.flush()).rejects.toThrow('the read store is away');
    // a change arriving after the failed flush is staged with the rest, not written around it
    await writer.write([change('a', 1, { n: 2 })]);
    expect(writes).toEqual([]);
    await writer.flush();
    expect(writes).toEqual([[change('a', 1, { n: 2 })]]);
  });
});
