import { randomBytes } from 'node:crypto';
import { type TeacherPersonalDataRecordedV1 } from '../domain/teacher.decider';
import { openPersonalData, type PersonalData, sealPersonalData } from './personal-data-cipher';
import { InMemoryPersonalDataKeys } from './personal-data-keys';

const teacherId = '3f6a9c12-7b4d-4e58-a1c3-9d2e5f8b7a64';
const data: PersonalData = {
  lastName: 'Черепанова',
  firstName: 'Ольга',
  patronymic: 'Викторовна',
  snils: '11223344595',
  email: 'o.cherepanova@school93.ru',
  phone: '+7 846 123-45-67',
};

describe('personal data sealed under the teacher’s key', () => {
  it('opens what it sealed', () => {
    const key = randomBytes(32);
    expect(openPersonalData(key, sealPersonalData(key, teacherId, data))).toEqual(data);
  });

  it('seals the same data the same way under one key, and differently under another or for other data', () => {
    const key = randomBytes(32);
    const once = sealPersonalData(key, teacherId, data);
    expect(sealPersonalData(key, teacherId, { ...data })).toEqual(once);
    expect(sealPersonalData(key, teacherId, { ...data, phone: '' }).ciphertext).not.toBe(once.ciphertext);
    expect(sealPersonalData(randomBytes(32), teacherId, data).ciphertext).not.toBe(once.ciphertext);
  });

  it('does not open under another key, for another teacher, or altered', () => {
    const key = randomBytes(32);
    const sealed = sealPersonalData(key, teacherId, data);
    expect(() => openPersonalData(randomBytes(32), sealed)).toThrow();
    expect(() =>
      openPersonalData(key, { ...sealed, keyId: '0b9e7c55-2d41-4f8a-b3c6-5e1d7a9f2c80' }),
    ).toThrow();
    const flipped = Buffer.from(sealed.ciphertext, 'base64');
    flipped[0]! ^= 1;
    expect(() => openPersonalData(key, { ...sealed, ciphertext: flipped.toString('base64') })).toThrow();
  });

  it('stores no plaintext in the event: neither names, СНИЛС nor contacts appear in its JSON', () => {
    const event: TeacherPersonalDataRecordedV1 = {
      teacherId,
      region: '63',
      ...sealPersonalData(randomBytes(32), teacherId, data),
    };
    const json = JSON.stringify(event);
    for (const value of Object.values(data)) expect(json).not.toContain(value);
    expect(json.toLowerCase()).not.toContain('черепанова');
    expect(Object.keys(event).sort()).toEqual(['ciphertext', 'iv', 'keyId', 'region', 'tag', 'teacherId']);
  });

  it('once the key is destroyed, the data can no longer be read by anyone', async () => {
    const keys = new InMemoryPersonalDataKeys();
    const key = await keys.keyFor(teacherId);
    if (!('key' in key)) throw new Error('a fresh key');
    const sealed = sealPersonalData(key.key, teacherId, data);
    expect(openPersonalData(((await keys.keyFor(teacherId)) as { key: Buffer }).key, sealed)).toEqual(data);

    await keys.destroy(teacherId);
    expect(await keys.find(teacherId)).toEqual({ destroyed: true });
    // destroyed stays destroyed: no new key is made for the teacher
    expect(await keys.keyFor(teacherId)).toEqual({ destroyed: true });
  });
});

describe('a seal with a shortened tag', () => {
  it('is refused: only the whole 16-byte tag opens a seal', () => {
    const key = randomBytes(32);
    const sealed = sealPersonalData(key, teacherId, data);
    const cut = { ...sealed, tag: Buffer.from(sealed.tag, 'base64').subarray(0, 4).toString('base64') };
    expect(() => openPersonalData(key, cut)).toThrow(/tag has 16 bytes, got 4/);
    expect(openPersonalData(key, sealed).lastName).toBe('Черепанова');
  });
});
