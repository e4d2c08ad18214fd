import { deciderSpec } from '@pk/test-kit';
import type { TeacherFacts } from './attempt-teacher';
import {
  externalResult,
  type ExternalResultEvent,
  type RecordExternalResult,
} from './external-result.decider';

const teacher: TeacherFacts = {
  teacherId: '3f6a9c12-7b4d-4e58-a1c3-9d2e5f8b7a64',
  region: '63',
  organizationId: 'c2d84f17-9b3a-4e61-8a05-7f2e6b1d9c43',
  municipalityId: '6a1f3d92-4c7e-4b25-9e08-1d5c7a3f2b64',
  position: 'teacher',
  subjects: ['mathematics'],
};
const resultId = '2d8f5b1e-9a4c-4f67-b3e0-7c1a5d9f2b84';
const command: RecordExternalResult = {
  type: 'RecordExternalResult',
  resultId,
  teacher,
  source: 'federal-assessment',
  recordedOn: '2026-02-10',
  scores: [
    { competency: 'B/04.6', score: 38 },
    { competency: 'R/01', score: 75 },
  ],
};
const recorded: ExternalResultEvent = {
  type: 'diagnostics.ExternalResultRecorded',
  data: {
    resultId,
    teacherId: teacher.teacherId,
    region: '63',
    organizationId: teacher.organizationId,
    municipalityId: teacher.municipalityId,
    source: 'federal-assessment',
    recordedOn: '2026-02-10',
    scores: [
      { competency: 'B/04.6', score: 38, deficit: true },
      { competency: 'R/01', score: 75, deficit: false },
    ],
  },
};

describe('external result', () => {
  it('records an outside result with its source, deficits by the framework threshold', () => {
    deciderSpec(externalResult).given([]).at('2026-02-11').when(command).then([recorded]);
  });

  it('records the same result again as nothing new, and refuses another under its id', () => {
    deciderSpec(externalResult).given([recorded]).at('2026-02-11').when(command).then([]);
    deciderSpec(externalResult)
      .given([recorded])
      .at('2026-02-11')
      .when({ ...command, source: 'attestation' })
      .thenFails('external-result-already-recorded');
  });

  it('refuses competencies unknown, outside the teacher’s framework, or scored twice, and future dates', () => {
    const when = (c: Partial<RecordExternalResult>) =>
      deciderSpec(externalResult)
        .given([])
        .at('2026-02-11')
        .when({ ...command, ...c });
    when({ scores: [{ competency: 'Z/99', score: 10 }] }).thenFails('competency-unknown');
    when({ scores: [{ competency: 'B/01.5', score: 10 }] }).thenFails('competency-not-in-framework');
    when({ scores: [{ competency: 'B/05.6', score: 10 }] }).thenFails('competency-not-in-framework');
    when({
      scores: [
        { competency: 'R/01', score: 10 },
        { competency: 'R/01', score: 20 },
      ],
    }).thenFails('competency-scored-twice');
    when({ recordedOn: '2026-02-12' }).thenFails('result-dated-in-the-future');
  });
});
