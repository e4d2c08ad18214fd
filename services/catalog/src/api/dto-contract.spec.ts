import { assertAppendable } from '@pk/contracts';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { SubmitProgramRequest } from './program.dto';
import { RegisterProviderRequest } from './provider.dto';

const provider = {
  providerId: '5b1c1c7e-2f51-4f4e-9f7e-0d1f0a8b7c11',
  region: '63',
  name: 'СИПКРО',
  inn: '6317010870',
  ownership: 'state',
};
const program = {
  programId: '0f3e9a52-8d0b-4c1e-9a6c-3c2b1a0e9f21',
  providerId: provider.providerId,
  region: '63',
  title: 'Формирование функциональной грамотности',
  kind: 'advanced-training',
  hours: 36,
};

/** Strings of a given length in code points, built from characters that count differently elsewhere. */
const texts = (length: number) => [
  'я'.repeat(length),
  '😀'.repeat(length), // a surrogate pair each: two UTF-16 units, one character
  'a\uFE0F'.repeat(Math.ceil(length / 2)).slice(0, length), // variation selectors, which validator.js skips
];

// What the DTO lets through must be what the event's contract takes: otherwise a valid request
// would fail when its event is checked before the append.
describe.each([
  ['RegisterProviderRequest', 'name', RegisterProviderRequest, provider, 'catalog.ProviderRegistered', 500],
  ['SubmitProgramRequest', 'title', SubmitProgramRequest, program, 'catalog.ProgramSubmitted', 1000],
] as const)('%s.%s', (_name, field, Dto, valid, type, max) => {
  const dtoAccepts = (value: string) =>
    validateSync(plainToInstance(Dto as new () => object, { ...valid, [field]: value })).length === 0;
  const contractAccepts = (value: string) => {
    try {
      assertAppendable(type, { ...valid, [field]: value });
      return true;
    } catch {
      return false;
    }
  };

  it.each([1, max - 1, max, max + 1])('agrees with the contract on text of %i characters', (length) => {
    for (const text of texts(length)) {
      expect({ length, dto: dtoAccepts(text) }).toEqual({ length, dto: contractAccepts(text) });
    }
  });

  it('refuses what the contract takes but the event store or a reader should not (controls, lone surrogates)', () => {
    for (const text of ['a\u0000b', 'a\ud800b', 'a\u001bb', 'a\nb']) expect(dtoAccepts(text)).toBe(false);
  });
});
