import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { KeyEncryptionKeyDirectory, KeyEncryptionKeyMissing } from './key-encryption-keys';

describe('key-encryption keys in a folder', () => {
  let directory: string;
  let store: KeyEncryptionKeyDirectory;
  beforeEach(() => {
    directory = path.join(mkdtempSync(path.join(tmpdir(), 'pk-keks-')), 'keks');
    store = new KeyEncryptionKeyDirectory(directory);
  });
  afterEach(() => rmSync(path.dirname(directory), { recursive: true, force: true }));

  const key = randomBytes(32);
  const teacher = 'c2d84f17-9b3a-4e61-8a05-7f2e6b1d9c43';

  it('wraps and unwraps under a KEK it made, readable by its owner only', async () => {
    await store.create('personal-data-7-0');
    const [wrapped] = await store.wrap('personal-data-7-0', [{ bytes: key, context: teacher }]);
    expect(wrapped!.length).toBe(60);
    expect(wrapped!.includes(key)).toBe(false);
    expect(await store.unwrap('personal-data-7-0', [{ bytes: wrapped!, context: teacher }])).toEqual([key]);
    expect(statSync(path.join(directory, 'personal-data-7-0.key')).mode & 0o777).toBe(0o600);
    expect(statSync(directory).mode & 0o777).toBe(0o700);
  });

  it('keeps the first KEK when asked to make it again', async () => {
    await store.create('personal-data-7-0');
    const [wrapped] = await store.wrap('personal-data-7-0', [{ bytes: key, context: teacher }]);
    await Promise.all([store.create('personal-data-7-0'), store.create('personal-data-7-0')]);
    expect(await store.unwrap('personal-data-7-0', [{ bytes: wrapped!, context: teacher }])).toEqual([key]);
    expect(readdirSync(directory)).toEqual(['personal-data-7-0.key']); // no drafts left behind
  });

  it('refuses a wrapped key moved to another teacher, or altered', async () => {
    await store.create('personal-data-7-0');
    const [wrapped] = await store.wrap('personal-data-7-0', [{ bytes: key, context: teacher }]);
    const other = '0b9e7c55-2d41-4f8a-b3c6-5e1d7a9f2c80';
    await expect(store.unwrap('personal-data-7-0', [{ bytes: wrapped!, context: other }])).rejects.toThrow();
    const altered = Buffer.from(wrapped!);
    altered[20]! ^= 1;
    await expect(store.unwrap('personal-data-7-0', [{ bytes: altered, context: teacher }])).rejects.toThrow();
  });

  it('destroys a KEK for good: what it wrapped no longer unwraps, and again is fine', async () => {
    await store.create('personal-data-7-0');
    const [wrapped] = await store.wrap('personal-data-7-0', [{ bytes: key, context: teacher }]);
    await store.destroy('personal-data-7-0');
    await store.destroy('personal-data-7-0');
    await expect(store.unwrap('personal-data-7-0', [{ bytes: wrapped!, context: teacher }])).rejects.toThrow(
      KeyEncryptionKeyMissing,
    );
    await expect(store.wrap('personal-data-7-0', [{ bytes: key, context: teacher }])).rejects.toThrow(
      KeyEncryptionKeyMissing,
    );
    expect(readdirSync(directory)).toEqual([]);
  });

  it('finishes a destruction a crash interrupted', async () => {
    await store.create('personal-data-7-0');
    // renamed out of its name, not yet overwritten: what a crash in the middle of destroy leaves
    renameSync(
      path.join(directory, 'personal-data-7-0.key'),
      path.join(directory, '.personal-data-7-0.x.destroyed'),
    );
    await store.destroy('personal-data-7-0');
    expect(readdirSync(directory)).toEqual([]);
  });

  it('takes no KEK id that could name a file elsewhere', async () => {
    await expect(store.create('../teacher-ids')).rejects.toThrow(/lower-case letters, digits and dashes/);
  });
});
