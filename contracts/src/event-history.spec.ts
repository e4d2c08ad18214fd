import { eventHistories, type JsonSchema } from './event-history';

interface NoteV1 {
  readonly text: string;
}
interface NoteV2 extends NoteV1 {
  readonly author: string | null;
}
type Versions = {
  readonly 'demo.NoteTaken': readonly [NoteV1, NoteV2];
  readonly 'demo.NoteErased': readonly [NoteV1];
};

const v1: JsonSchema = { title: 'demo.NoteTaken v1' };
const v2: JsonSchema = { title: 'demo.NoteTaken v2' };
const erased: JsonSchema = { title: 'demo.NoteErased v1' };

describe('eventHistories', () => {
  it('pairs each superseded schema with the upcaster to the next version, the last schema current', () => {
    const toV2 = (data: NoteV1): NoteV2 => ({ ...data, author: null });
    expect(
      eventHistories<Versions>(
        { 'demo.NoteTaken': [v1, v2], 'demo.NoteErased': [erased] },
        { 'demo.NoteTaken': [toV2] },
      ),
    ).toEqual({
      'demo.NoteTaken': { superseded: [{ schema: v1, upcast: toV2 }], current: v2 },
      'demo.NoteErased': { superseded: [], current: erased },
    });
  });

  // the types rule both out at compile time; JavaScript callers and casts get a clear error instead
  it('refuses a version without its upcaster, and upcasters of a type it has no schemas of', () => {
    const schemas = { 'demo.NoteTaken': [v1, v2], 'demo.NoteErased': [erased] };
    expect(() => eventHistories<Versions>(schemas, {} as never)).toThrow(
      'demo.NoteTaken has 2 versions, so 1 upcasters, not 0',
    );
    expect(() =>
      eventHistories<Versions>(schemas, {
        'demo.NoteTaken': [(data: NoteV1) => ({ ...data, author: null })],
        'demo.Other': [],
      } as never),
    ).toThrow('demo.Other: upcasters for a type without schemas');
  });
});
