import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineService, settingsOf } from '../service-definition';
import { SettingsRefused, validateSettings } from './settings';

class Parts {}
const service = defineService({
  context: 'catalog',
  module: Parts,
  readModels: [{} as never],
  defaultPort: 3101,
});
const publicKey = '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----\n';
const complete = {
  DATABASE_URL: 'postgres://pk:secret@db:5432/pk',
  KAFKA_BROKERS: 'kafka-1:9092, kafka-2:9092',
  MONGODB_URL: 'mongodb://reads:27017/pk',
  AUTH_PUBLIC_KEY: publicKey,
};

function refusal(env: NodeJS.ProcessEnv): SettingsRefused {
  try {
    validateSettings('catalog', settingsOf(service), env);
  } catch (error) {
    if (error instanceof SettingsRefused) return error;
    throw error;
  }
  throw new Error('the settings were accepted');
}

describe("a service's settings at start-up", () => {
  it('given every required setting, when validated, then parsed values come back with the defaults left to their readers', () => {
    const values = validateSettings('catalog', settingsOf(service), { ...complete, PORT: '8080' });
    expect(values).toMatchObject({
      PORT: 8080,
      DATABASE_URL: complete.DATABASE_URL,
      KAFKA_BROKERS: complete.KAFKA_BROKERS,
    });
  });

  it('given missing and malformed settings, when validated, then one refusal names each with what it should be', () => {
    const error = refusal({
      KAFKA_BROKERS: 'kafka',
      PORT: '70000',
      MONGODB_URL: complete.MONGODB_URL,
      AUTH_PUBLIC_KEY: publicKey,
    });
    expect(error.problems.map((p) => p.name).sort()).toEqual(['DATABASE_URL', 'KAFKA_BROKERS', 'PORT']);
    expect(error.message).toMatch(
      /DATABASE_URL: missing \(neither DATABASE_URL nor DATABASE_URL_FILE is set\); expected a postgres:\/\//,
    );
    expect(error.message).toMatch(/PORT: .*; expected an integer from 1 to 65535/);
    expect(error.message).toMatch(/KAFKA_BROKERS: not a list of host:port; expected host:port/);
  });

  it('given a malformed secret, when refused, then the message never carries its value', () => {
    const error = refusal({ ...complete, DATABASE_URL: 'mysql://pk:hunter2@db/pk' });
    expect(error.problems.map((p) => p.name)).toEqual(['DATABASE_URL']);
    expect(error.message).not.toContain('hunter2');
  });

  it('given a secret in the file <NAME>_FILE names, when validated, then its content is the value', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pk-settings-'));
    writeFileSync(path.join(dir, 'database-url'), 'postgres://pk:from-file@db/pk\n');
    const values = validateSettings('catalog', settingsOf(service), {
      ...complete,
      DATABASE_URL: '',
      DATABASE_URL_FILE: path.join(dir, 'database-url'),
    });
    expect(values['DATABASE_URL']).toBe('postgres://pk:from-file@db/pk');
  });

  it('given <NAME>_FILE naming no file, when validated, then the refusal names the _FILE setting', () => {
    const error = refusal({
      ...complete,
      AUTH_PUBLIC_KEY: undefined,
      AUTH_PUBLIC_KEY_FILE: '/nonexistent/key.pem',
    });
    expect(error.problems).toEqual([
      expect.objectContaining({ name: 'AUTH_PUBLIC_KEY_FILE', problem: expect.stringContaining('ENOENT') }),
    ]);
  });

  it('given a service without a write side, when validated, then it needs no event store or Kafka', () => {
    const readOnly = defineService({ ...service, writeSide: false });
    expect(() =>
      validateSettings('catalog', settingsOf(readOnly), {
        MONGODB_URL: complete.MONGODB_URL,
        AUTH_PUBLIC_KEY: publicKey,
      }),
    ).not.toThrow();
  });
});
