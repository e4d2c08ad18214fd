import { POSITIONS, type Position } from '@pk/contracts';
import {
  BURNOUT_V1,
  type CompetencyTest,
  findInstrument,
  formOf,
  INSTRUMENTS,
  instrumentsFor,
  PRESCHOOL_CORE_V1,
  scoreScreening,
  scoreTest,
  TEACHER_CORE_V1,
} from './instruments';
import { competenciesOf, FRAMEWORK_BY_POSITION } from './framework';
import { answersFor } from '../../test/instruments.fixtures';

describe('instruments', () => {
  it('scores each competency as the percent of its items right, below 60 a deficit', () => {
    const scores = scoreTest(TEACHER_CORE_V1, answersFor(TEACHER_CORE_V1, { 'R/01': 2, 'A/02.6': 1 }));
    expect(scores).toHaveLength(7);
    expect(scores.find((s) => s.competency === 'R/01')).toEqual({
      competency: 'R/01',
      score: 33,
      deficit: true,
    });
    expect(scores.find((s) => s.competency === 'A/02.6')).toEqual({
      competency: 'A/02.6',
      score: 67,
      deficit: false,
    });
    expect(scores.find((s) => s.competency === 'A/01.6')).toEqual({
      competency: 'A/01.6',
      score: 100,
      deficit: false,
    });
  });

  it('refuses answers that do not answer the test exactly once each, with its options', () => {
    const all = answersFor();
    expect(() => scoreTest(TEACHER_CORE_V1, all.slice(1))).toThrow(
      expect.objectContaining({ code: 'answers-incomplete' }),
    );
    expect(() => scoreTest(TEACHER_CORE_V1, [...all, all[0]!])).toThrow(
      expect.objectContaining({ code: 'item-answered-twice' }),
    );
    expect(() => scoreTest(TEACHER_CORE_V1, [...all, { item: 'pc-01', answer: 'a' }])).toThrow(
      expect.objectContaining({ code: 'answer-to-unknown-item' }),
    );
    expect(() => scoreTest(TEACHER_CORE_V1, [{ item: 'tc-01', answer: 'z' }, ...all.slice(1)])).toThrow(
      expect.objectContaining({ code: 'answer-not-an-option' }),
    );
  });

  it('screens burnout on a scale, reversed items counted the other way', () => {
    const answer = (values: string[]) => BURNOUT_V1.items.map((i, n) => ({ item: i.id, answer: values[n]! }));
    expect(scoreScreening(BURNOUT_V1, answer(['0', '0', '0', '0', '4', '4']))).toEqual({
      score: 0,
      level: 'low',
    });
    expect(scoreScreening(BURNOUT_V1, answer(['4', '4', '4', '4', '0', '0']))).toEqual({
      score: 100,
      level: 'high',
    });
    expect(scoreScreening(BURNOUT_V1, answer(['2', '2', '2', '2', '2', '2']))).toEqual({
      score: 50,
      level: 'moderate',
    });
  });

  it('keeps every item within the framework of the positions it is for, and versions unique', () => {
    for (const test of [TEACHER_CORE_V1, PRESCHOOL_CORE_V1]) {
      for (const position of test.positions) {
        for (const item of test.items) expect(competenciesOf(position)).toContain(item.competency);
      }
      for (const item of test.items) expect(Object.keys(item.options)).toContain(item.correct);
    }
    const refs = INSTRUMENTS.map((i) => `${i.id}@${i.version}`);
    expect(new Set(refs).size).toBe(refs.length);
    expect(instrumentsFor('preschool-teacher').map((i) => i.id)).toEqual(['preschool-core', 'burnout']);
    expect(() => findInstrument({ id: 'teacher-core', version: 9 })).toThrow(
      expect.objectContaining({ code: 'instrument-not-found' }),
    );
  });

  it('shows a form without its keys', () => {
    expect(JSON.stringify(formOf(TEACHER_CORE_V1))).not.toContain('correct');
  });
});

describe('instruments by position', () => {
  it('give every position a competency test that scores only competencies of that position', () => {
    for (const position of Object.keys(POSITIONS) as Position[]) {
      const tests = INSTRUMENTS.filter(
        (instrument): instrument is CompetencyTest =>
          instrument.kind === 'competency-test' && instrument.positions.includes(position),
      );
      expect({ position, tests: tests.length > 0 }).toEqual({ position, tests: true });
      const own = new Set(FRAMEWORK_BY_POSITION[position].map((competency) => competency.code));
      for (const test of tests) {
        const outside = [...new Set(test.items.map((i) => i.competency))].filter((code) => !own.has(code));
        expect({ position, test: test.id, outside }).toEqual({ position, test: test.id, outside: [] });
      }
    }
  });
});
