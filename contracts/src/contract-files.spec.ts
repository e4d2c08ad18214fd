import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { EventEnvelope } from './envelope';
import { BOUNDED_CONTEXTS } from './topics';
import { CURRENT_SCHEMA_VERSION, PUBLIC_EVENT_TYPES, contextOf, dataSchemas, eventName } from './registry';
import { assertPublishable, readPublishedEvent } from './validation';

// Every (type, version) ever registered, as "<context>/<EventName>.v<N>": the file stem both
// contracts/examples and contracts/schemas use.
const registered = PUBLIC_EVENT_TYPES.flatMap((type) =>
  dataSchemas(type).map((_, index) => `${contextOf(type)}/${eventName(type)}.v${index + 1}`),
).sort();

function stems(folder: string, suffix: string): string[] {
  const root = join(__dirname, '..', folder);
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith(suffix))
    .map((file) => file.slice(0, -suffix.length).split('\\').join('/'))
    .sort();
}

const golden = stems('examples', '.json');

function readGolden(stem: string): unknown {
  return JSON.parse(readFileSync(join(__dirname, '..', 'examples', `${stem}.json`), 'utf8'));
}

describe('golden examples', () => {
  it('exist for every registered event version, and only for those', () => {
    expect(golden).toEqual(registered);
  });

  it.each(golden)('%s is read as the current version of its type, and publishable if it is one', (stem) => {
    const raw = readGolden(stem) as EventEnvelope;
    expect(`${raw.type.replace('.', '/')}.v${raw.schemaVersion}`).toBe(stem);
    const event = readPublishedEvent(raw);
    const current = CURRENT_SCHEMA_VERSION[event.type];
    expect(event.schemaVersion).toBe(current);
    if (raw.schemaVersion === current) assertPublishable(raw);
  });

  it('upcasts catalog.ProviderRegistered v1 through v2 to v3 with ownership and kind unspecified', () => {
    const v1 = readGolden('catalog/ProviderRegistered.v1') as { data: object };
    const event = readPublishedEvent(v1);
    expect(event).toMatchObject({ type: 'catalog.ProviderRegistered', schemaVersion: 3 });
    expect(event.data).toEqual({ ...v1.data, ownership: 'unspecified', kind: 'unspecified' });
    // the consumed message is left as it was
    expect(v1).toEqual(readGolden('catalog/ProviderRegistered.v1'));
  });

  it('upcasts catalog.ProgramSubmitted v1 to a first revision whose unrecorded fields are empty', () => {
    const v1 = readGolden('catalog/ProgramSubmitted.v1') as { data: object };
    const event = readPublishedEvent(v1);
    expect(event).toMatchObject({ type: 'catalog.ProgramSubmitted', schemaVersion: 2 });
    expect(event.data).toEqual({
      ...v1.data,
      revision: 1,
      annotation: '',
      format: 'unspecified',
      targetPositions: [],
      organizationTypes: [],
      subjects: [],
      workProfile: '',
      competencies: [],
      voucherEligible: false,
      employerAssessment: false,
      practiceShare: null,
    });
  });
});

describe('schema files', () => {
  it('exist for every registered event version, and only for those', () => {
    expect(stems('schemas', '.schema.json').filter((stem) => stem !== 'envelope')).toEqual(registered);
  });

  it('sit in the registry at the version their title names', () => {
    for (const type of PUBLIC_EVENT_TYPES) {
      expect(dataSchemas(type).map((schema) => schema.title)).toEqual(
        dataSchemas(type).map((_, index) => `${type} v${index + 1}`),
      );
    }
  });
});

describe('registry', () => {
  it('names each type after the bounded context that publishes it', () => {
    for (const type of PUBLIC_EVENT_TYPES) expect(BOUNDED_CONTEXTS).toContain(contextOf(type));
  });
});
