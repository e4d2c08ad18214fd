import type { JsonSchema } from './event-history';
import { VOCABULARY_TERMS, type VocabularyTerm } from './reference/vocabulary';
import { PUBLIC_EVENT_TYPES, dataSchemas } from './registry';
import { forEachSubschema } from './subschemas';

// A schema field takes its codes from the shared vocabulary by naming the term as its title
// ("title": "Position"); the generated types then use the vocabulary's type. These hold the schemas
// and the vocabulary together, so neither can grow without the other.

interface Field {
  /** "catalog.ProgramSubmitted v2 #/properties/targetPositions/items" */
  readonly at: string;
  readonly schema: JsonSchema;
  readonly current: boolean;
}

const fields: Field[] = PUBLIC_EVENT_TYPES.flatMap((type) => {
  const versions = dataSchemas(type);
  return versions.flatMap((root, index) => {
    const found: Field[] = [];
    forEachSubschema(root, (schema, pointer) =>
      found.push({ at: `${type} v${index + 1} #${pointer}`, schema, current: index === versions.length - 1 }),
    );
    return found;
  });
});

const codesOf = (term: VocabularyTerm): string[] => Object.keys(VOCABULARY_TERMS[term]);
const isTerm = (title: unknown): title is VocabularyTerm =>
  typeof title === 'string' && Object.hasOwn(VOCABULARY_TERMS, title);
const titledFields = fields.filter(({ schema }) => schema.title !== undefined);
const termFields = titledFields.filter(({ schema }) => isTerm(schema.title));

describe('schema fields of the shared vocabulary', () => {
  it('are titled with a term of the vocabulary, as no other field is', () => {
    const others = titledFields.filter(({ schema }) => !isTerm(schema.title));
    expect(
      others.map(({ at, schema }) => `${at}: "${String(schema.title)}" is no VOCABULARY_TERMS key`),
    ).toEqual([]);
  });

  it('list exactly the vocabulary codes in the current version, and none outside it in earlier ones', () => {
    const problems = termFields.flatMap(({ at, schema, current }) => {
      const term = schema.title as VocabularyTerm;
      if (!Array.isArray(schema.enum))
        return schema.pattern === undefined ? [`${at}: neither enum nor pattern`] : [];
      const listed = schema.enum as unknown[];
      const unknown = listed.filter((code) => !codesOf(term).includes(code as string));
      // a superseded version stays as it was published: the vocabulary may have grown since
      const missing = current ? codesOf(term).filter((code) => !listed.includes(code)) : [];
      return [
        ...unknown.map((code) => `${at}: "${code}" is not a ${term}`),
        ...missing.map(
          (code) => `${at}: ${term} "${code}" is missing; a new enum value is a new version of the schema`,
        ),
      ];
    });
    expect(problems).toEqual([]);
  });

  it('let every vocabulary code through where the field is a pattern', () => {
    const problems = termFields.flatMap(({ at, schema }) => {
      if (typeof schema.pattern !== 'string') return [];
      const pattern = new RegExp(schema.pattern, 'u');
      return codesOf(schema.title as VocabularyTerm)
        .filter((code) => !pattern.test(code))
        .map((code) => `${at}: "${code}" does not match ${schema.pattern}`);
    });
    expect(problems).toEqual([]);
  });

  it("name their term wherever a schema lists a term's codes or uses its pattern", () => {
    const termPatterns = new Map(
      termFields.flatMap(({ schema }) =>
        typeof schema.pattern === 'string' ? [[schema.pattern, schema.title as VocabularyTerm] as const] : [],
      ),
    );
    const sameCodes = (listed: unknown[], term: VocabularyTerm): boolean =>
      listed.length === codesOf(term).length && codesOf(term).every((code) => listed.includes(code));
    const untitled = fields.flatMap(({ at, schema }) => {
      if (schema.title !== undefined) return [];
      const term = Array.isArray(schema.enum)
        ? Object.keys(VOCABULARY_TERMS).find((name) =>
            sameCodes(schema.enum as unknown[], name as VocabularyTerm),
          )
        : termPatterns.get(schema.pattern as string);
      return term === undefined ? [] : [`${at}: add "title": "${term}"`];
    });
    expect(untitled).toEqual([]);
  });
});
