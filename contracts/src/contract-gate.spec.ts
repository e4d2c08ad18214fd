import { checkContract, constraintsOf, type CurrentContract, type ReleasedContract } from './contract-gate';
import type { JsonSchema } from './event-history';
import {
  ENVELOPE_SCHEMA,
  PUBLISHING_CONTEXTS,
  RELEASED_ENVELOPE,
  currentContract,
  readJson,
  releasedContract,
} from './released-contracts';

// The gate on the repository as it is: what every context released is still there, unchanged.
describe('the contract gate on this repository', () => {
  it.each(PUBLISHING_CONTEXTS)('%s changes nothing it released', (context) => {
    const verdict = checkContract(releasedContract(context), currentContract(context));
    expect(verdict.refused).toEqual([]);
  });

  it('keeps the released envelope', () => {
    expect(constraintsOf(readJson(ENVELOPE_SCHEMA))).toEqual(constraintsOf(readJson(RELEASED_ENVELOPE)));
  });

  it('has released something of every publishing context', () => {
    for (const context of PUBLISHING_CONTEXTS) {
      expect({ context, released: Object.keys(releasedContract(context).events).length > 0 }).toEqual({
        context,
        released: true,
      });
    }
  });
});

// Breaking changes planted into catalog's real release, one at a time: each is refused, naming the
// type, the version and where it differs; the compatible way to make the same change passes.
describe('the contract gate refuses what would break a subscriber', () => {
  const released = releasedContract('catalog');
  const current = currentContract('catalog');
  const TYPE = 'catalog.OfferingOpened';
  const v1 = released.events[TYPE]!['1']! as {
    description: string;
    required: string[];
    properties: Record<string, Record<string, unknown>>;
  } & JsonSchema;

  /** Catalog now, with OfferingOpened's versions replaced. */
  const withOfferingOpened = (schemas: JsonSchema[], upcasters = schemas.length - 1): CurrentContract => ({
    ...current,
    events: { ...current.events, [TYPE]: { schemas, upcasters } },
  });
  const edited = (edit: (schema: typeof v1) => void) => {
    const copy = structuredClone(v1);
    edit(copy);
    return copy;
  };

  it.each([
    ['a required field dropped', (s: typeof v1) => s.required.pop(), '/required/10'],
    ['a field removed', (s: typeof v1) => delete s.properties['place'], '/properties/place'],
    ['a field added', (s: typeof v1) => (s.properties['room'] = { type: 'string' }), '/properties/room'],
    [
      'a type changed',
      (s: typeof v1) => (s.properties['capacity']!['type'] = 'string'),
      '/properties/capacity/type',
    ],
    [
      'a limit narrowed',
      (s: typeof v1) => (s.properties['capacity']!['maximum'] = 100),
      '/properties/capacity/maximum',
    ],
    [
      'a pattern changed',
      (s: typeof v1) => (s.properties['region']!['pattern'] = '^[0-9]{3}$'),
      '/properties/region/pattern',
    ],
  ])('refuses %s in a released version', (_what, edit, pointer) => {
    const verdict = checkContract(released, withOfferingOpened([edited(edit)]));
    expect(verdict.refused).toEqual([
      `${TYPE} v1: changed at ${pointer} since its release; a released version never changes — add v2 with an upcaster from v1 instead`,
    ]);
  });

  it('refuses a released type removed', () => {
    const { [TYPE]: _gone, ...rest } = current.events;
    const verdict = checkContract(released, { ...current, events: rest });
    expect(verdict.refused).toEqual([
      `${TYPE}: released (v1) and gone; a subscriber still reads it, and its events stay on the topic`,
    ]);
  });

  it('refuses a released version removed, and a version without its upcaster', () => {
    const programSubmitted = current.events['catalog.ProgramSubmitted']!;
    const dropped = checkContract(released, {
      ...current,
      events: {
        ...current.events,
        'catalog.ProgramSubmitted': { schemas: programSubmitted.schemas.slice(1), upcasters: 0 },
      },
    });
    expect(dropped.refused[0]).toMatch(/^catalog\.ProgramSubmitted v1: changed at \//);
    expect(dropped.refused).toContain(
      'catalog.ProgramSubmitted v2: released and gone; its events stay on the topic',
    );

    const room = edited((s) => (s.properties['room'] = { type: 'string' }));
    expect(checkContract(released, withOfferingOpened([v1, room], 0)).refused).toEqual([
      `${TYPE}: 2 versions and 0 upcasters; each version after v1 needs one`,
    ]);
  });

  it('lets annotations change: titles, descriptions, comments, examples', () => {
    const described = edited((s) => {
      s.description = 'Другое описание';
      s.properties['place']!['description'] = 'Адрес';
      s.properties['place']!['examples'] = ['Самара, ул. Лесная, 1'];
    });
    expect(checkContract(released, withOfferingOpened([described]))).toEqual({ refused: [], unreleased: [] });
  });

  it('takes the same change as a new version with its upcaster, and lists it as unreleased', () => {
    const room = edited((s) => {
      s.properties['room'] = { type: 'string' };
      s.required.push('room');
    });
    const verdict = checkContract(released, withOfferingOpened([v1, room]));
    expect(verdict).toEqual({ refused: [], unreleased: [`${TYPE} v2`] });
  });

  it('takes a type never released, and lists it', () => {
    const first: ReleasedContract = { context: 'catalog', version: '1.0', releasedOn: '', events: {} };
    const verdict = checkContract(first, withOfferingOpened([v1]));
    expect(verdict.refused).toEqual([]);
    expect(verdict.unreleased).toContain(`${TYPE} v1`);
  });
});
