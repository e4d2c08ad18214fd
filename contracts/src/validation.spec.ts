import type { EventEnvelope } from './envelope';
import programSubmitted from '../examples/catalog/ProgramSubmitted.v2.json';
import providerRegisteredV1 from '../examples/catalog/ProviderRegistered.v1.json';
import providerRegisteredV2 from '../examples/catalog/ProviderRegistered.v2.json';
import providerRegisteredV3 from '../examples/catalog/ProviderRegistered.v3.json';
import {
  ContractViolation,
  UnknownEventType,
  assertAppendable,
  assertPublishable,
  readPublishedEvent,
  upcastStoredEvent,
} from './validation';

function violation(act: () => unknown): ContractViolation {
  try {
    act();
  } catch (error) {
    if (error instanceof ContractViolation) return error;
    throw error;
  }
  throw new Error('expected a ContractViolation');
}

describe('contract violations', () => {
  it('name the path of hours below the minimum of advanced training', () => {
    const short = { ...programSubmitted, data: { ...programSubmitted.data, hours: 8 } };
    for (const check of [assertPublishable, readPublishedEvent]) {
      const error = violation(() => check(short));
      expect(error.issues).toEqual(['catalog.ProgramSubmitted v2: /data/hours must be >= 16']);
      expect(error.message).toBe('catalog.ProgramSubmitted v2: /data/hours must be >= 16');
    }
  });

  it('apply the retraining minimum of 250 hours', () => {
    const retraining = {
      ...programSubmitted,
      data: { ...programSubmitted.data, kind: 'retraining', hours: 72 },
    };
    expect(violation(() => assertPublishable(retraining)).issues).toEqual([
      'catalog.ProgramSubmitted v2: /data/hours must be >= 250',
    ]);
    assertPublishable({ ...retraining, data: { ...retraining.data, hours: 250 } });
  });

  it('reject unknown fields in data and in the envelope', () => {
    const extraData = { ...providerRegisteredV3, data: { ...providerRegisteredV3.data, licence: '№ 1234' } };
    expect(violation(() => assertPublishable(extraData)).issues).toEqual([
      'catalog.ProviderRegistered v3: /data/licence is not allowed',
    ]);
    expect(violation(() => readPublishedEvent({ ...providerRegisteredV2, tenant: '63' })).issues).toEqual([
      'envelope: /tenant is not allowed',
    ]);
  });

  it('reject a missing subject, listing every issue', () => {
    const { subject: _, ...withoutSubject } = programSubmitted;
    expect(violation(() => readPublishedEvent(withoutSubject)).message).toBe(
      'envelope: /subject is required',
    );
    const alsoBadTime = { ...withoutSubject, time: 'вчера' };
    expect(violation(() => assertPublishable(alsoBadTime)).issues).toEqual([
      'envelope: /subject is required',
      'envelope: /time must match format "date-time"',
    ]);
  });

  it('name the allowed values of an enum', () => {
    const unknownOwnership = {
      ...providerRegisteredV2,
      data: { ...providerRegisteredV2.data, ownership: 'ooo' },
    };
    expect(violation(() => readPublishedEvent(unknownOwnership)).issues).toEqual([
      'catalog.ProviderRegistered v2: /data/ownership must be one of state, municipal, federal-named, private, unspecified',
    ]);
  });

  it('name every value a vocabulary term or "unspecified" allows in one issue', () => {
    const unknownKind = { ...providerRegisteredV3, data: { ...providerRegisteredV3.data, kind: 'school' } };
    expect(violation(() => assertPublishable(unknownKind)).issues).toEqual([
      'catalog.ProviderRegistered v3: /data/kind must be one of university, dpo-institute, resource-centre, college, other, unspecified',
    ]);
  });

  it('keep superseded versions from being published', () => {
    expect(violation(() => assertPublishable(providerRegisteredV1)).message).toBe(
      'catalog.ProviderRegistered v1: /schemaVersion must be 3, the current one',
    );
  });

  it('check old versions against their own schema before upcasting', () => {
    const v1WithOwnership = {
      ...providerRegisteredV1,
      data: { ...providerRegisteredV1.data, ownership: 'state' },
    };
    expect(violation(() => readPublishedEvent(v1WithOwnership)).issues).toEqual([
      'catalog.ProviderRegistered v1: /data/ownership is not allowed',
    ]);
  });

  it('reject versions newer than this build knows', () => {
    expect(violation(() => readPublishedEvent({ ...providerRegisteredV3, schemaVersion: 4 })).message).toBe(
      'catalog.ProviderRegistered v4: /schemaVersion is newer than the known v3',
    );
  });

  it('reject a source other than the context of the type', () => {
    expect(violation(() => assertPublishable({ ...programSubmitted, source: 'pk/vouchers' })).message).toBe(
      'envelope: /source must be "pk/catalog" for catalog.ProgramSubmitted',
    );
  });

  it('tell unknown event types apart, so consumers can skip them', () => {
    const error = violation(() =>
      readPublishedEvent({ ...programSubmitted, type: 'catalog.ProgramTranslated' }),
    );
    expect(error).toBeInstanceOf(UnknownEventType);
    expect(error).toMatchObject({ type: 'catalog.ProgramTranslated' });
    expect(violation(() => readPublishedEvent('{"id":"1"}')).message).toBe('envelope: must be object');
  });
});

describe('assertAppendable', () => {
  it('accepts current data of a known type', () => {
    expect(() => assertAppendable('catalog.ProgramSubmitted', programSubmitted.data)).not.toThrow();
  });

  it('refuses data a consumer could not read, naming the field, before it is stored', () => {
    expect(() =>
      assertAppendable('catalog.ProgramSubmitted', { ...programSubmitted.data, hours: 8 }),
    ).toThrow(/\/data\/hours must be >= 16/);
    expect(() => assertAppendable('catalog.ProviderRegistered', providerRegisteredV2.data)).toThrow(
      ContractViolation,
    );
    expect(() => assertAppendable('catalog.Unknown', {})).toThrow(UnknownEventType);
  });
});

describe("stored events of the publisher's own store", () => {
  it('come in the current version, upcast and not checked again (they were when appended)', () => {
    const stored = providerRegisteredV1 as EventEnvelope;
    expect(upcastStoredEvent(stored)).toMatchObject({
      schemaVersion: 3,
      data: { ...providerRegisteredV1.data, ownership: 'unspecified', kind: 'unspecified' },
    });
    const current = providerRegisteredV3 as EventEnvelope;
    expect(upcastStoredEvent(current)).toBe(current);
    expect(() => upcastStoredEvent({ ...current, type: 'catalog.NoSuchEvent' })).toThrow(UnknownEventType);
  });
});
