import type { TeacherRecord } from '@pk/contracts';
import { deciderSpec } from '@pk/test-kit';
import { type SealedPersonalData, teacher, type TeacherEvent } from './teacher.decider';

const teacherId = '3f6a9c12-7b4d-4e58-a1c3-9d2e5f8b7a64';
const record: TeacherRecord = {
  teacherId,
  region: '63',
  organizationId: 'c2d84f17-9b3a-4e61-8a05-7f2e6b1d9c43',
  municipalityId: '6a1f3d92-4c7e-4b25-9e08-1d5c7a3f2b64',
  position: 'teacher',
  subjects: ['physics'],
  workProfile: '',
  category: 'first',
  categorySince: '2022-04-15',
  education: 'higher-pedagogical',
  lastTrainingCompletedOn: '2022-11-30',
};
const sealed: SealedPersonalData = { keyId: teacherId, ciphertext: 'Y2lwaGVy', iv: 'aXY=', tag: 'dGFn' };
const resealed: SealedPersonalData = { ...sealed, ciphertext: 'b3RoZXI=', iv: 'aXYy', tag: 'dGFnMg==' };

const registered: TeacherEvent = { type: 'diagnostics.TeacherRegistered', data: record };
const recorded = (seal: SealedPersonalData): TeacherEvent => ({
  type: 'diagnostics.TeacherPersonalDataRecorded',
  data: { teacherId, region: '63', ...seal },
});
const erased: TeacherEvent = { type: 'diagnostics.TeacherErased', data: { teacherId, region: '63' } };
const moved: TeacherRecord = { ...record, organizationId: '0b9e7c55-2d41-4f8a-b3c6-5e1d7a9f2c80' };

describe('teacher decider', () => {
  describe('RegisterTeacher', () => {
    it('registers the record and records the sealed personal data, privately', () => {
      deciderSpec(teacher)
        .given([])
        .when({ type: 'RegisterTeacher', record, personalData: sealed })
        .then([registered, recorded(sealed)]);
    });

    it('decides nothing for the same record and seal again', () => {
      deciderSpec(teacher)
        .given([registered, recorded(sealed)])
        .when({ type: 'RegisterTeacher', record: { ...record }, personalData: { ...sealed } })
        .then([]);
    });

    it('refuses to register a known teacher with other data', () => {
      deciderSpec(teacher)
        .given([registered, recorded(sealed)])
        .when({ type: 'RegisterTeacher', record: moved, personalData: sealed })
        .thenFails('teacher-already-registered');
      deciderSpec(teacher)
        .given([registered, recorded(sealed)])
        .when({ type: 'RegisterTeacher', record, personalData: resealed })
        .thenFails('teacher-already-registered');
    });

    it('refuses a record with neither subjects nor a profile of work', () => {
      deciderSpec(teacher)
        .given([])
        .when({ type: 'RegisterTeacher', record: { ...record, subjects: [] }, personalData: sealed })
        .thenFails('teacher-work-missing');
    });

    it('takes a profile of work instead of subjects', () => {
      const master: TeacherRecord = {
        ...record,
        position: 'industrial-training-master',
        subjects: [],
        workProfile: 'Сварочное производство',
      };
      deciderSpec(teacher)
        .given([])
        .when({ type: 'RegisterTeacher', record: master, personalData: sealed })
        .then([{ type: 'diagnostics.TeacherRegistered', data: master }, recorded(sealed)]);
    });

    it('wants the date of a category, and no date without one', () => {
      deciderSpec(teacher)
        .given([])
        .when({ type: 'RegisterTeacher', record: { ...record, categorySince: null }, personalData: sealed })
        .thenFails('teacher-category-date-missing');
      deciderSpec(teacher)
        .given([])
        .when({ type: 'RegisterTeacher', record: { ...record, category: 'none' }, personalData: sealed })
        .thenFails('teacher-category-date-without-category');
    });

    it('refuses dates after the day of the decision', () => {
      deciderSpec(teacher)
        .given([])
        .at('2026-09-01T09:00:00Z')
        .when({
          type: 'RegisterTeacher',
          record: { ...record, lastTrainingCompletedOn: '2026-09-02' },
          personalData: sealed,
        })
        .thenFails('teacher-date-in-future', /lastTrainingCompletedOn: 2026-09-02 позже/);
      deciderSpec(teacher)
        .given([])
        .at('2026-09-01T09:00:00Z')
        .when({
          type: 'RegisterTeacher',
          record: { ...record, lastTrainingCompletedOn: '2026-09-01' },
          personalData: sealed,
        })
        .then([
          {
            type: 'diagnostics.TeacherRegistered',
            data: { ...record, lastTrainingCompletedOn: '2026-09-01' },
          },
          recorded(sealed),
        ]);
    });
  });

  describe('UpdateTeacher', () => {
    it('replaces the record', () => {
      deciderSpec(teacher)
        .given([registered, recorded(sealed)])
        .when({ type: 'UpdateTeacher', record: moved })
        .then([{ type: 'diagnostics.TeacherUpdated', data: moved }]);
    });

    it('decides nothing for the same record, whatever the order of its keys', () => {
      const reordered = Object.fromEntries(Object.entries(record).reverse()) as unknown as TeacherRecord;
      deciderSpec(teacher).given([registered]).when({ type: 'UpdateTeacher', record: reordered }).then([]);
    });

    it('keeps the teacher in its region', () => {
      deciderSpec(teacher)
        .given([registered])
        .when({ type: 'UpdateTeacher', record: { ...record, region: '24' } })
        .thenFails('teacher-region-fixed');
    });

    it('refuses an unknown teacher', () => {
      deciderSpec(teacher).given([]).when({ type: 'UpdateTeacher', record }).thenFails('teacher-not-found');
    });
  });

  describe('RecordPersonalData', () => {
    it('records a new seal and decides nothing for the same one', () => {
      deciderSpec(teacher)
        .given([registered, recorded(sealed)])
        .when({ type: 'RecordPersonalData', teacherId, personalData: resealed })
        .then([recorded(resealed)]);
      deciderSpec(teacher)
        .given([registered, recorded(sealed)])
        .when({ type: 'RecordPersonalData', teacherId, personalData: sealed })
        .then([]);
    });
  });

  describe('ImportTeacher', () => {
    it('registers a new teacher', () => {
      deciderSpec(teacher)
        .given([])
        .when({ type: 'ImportTeacher', record, personalData: sealed })
        .then([registered, recorded(sealed)]);
    });

    it('brings a known teacher up to the row: what changed, and nothing when nothing did', () => {
      deciderSpec(teacher)
        .given([registered, recorded(sealed)])
        .when({ type: 'ImportTeacher', record: moved, personalData: resealed })
        .then([{ type: 'diagnostics.TeacherUpdated', data: moved }, recorded(resealed)]);
      deciderSpec(teacher)
        .given([registered, recorded(sealed)])
        .when({ type: 'ImportTeacher', record, personalData: resealed })
        .then([recorded(resealed)]);
      deciderSpec(teacher)
        .given([registered, recorded(sealed)])
        .when({ type: 'ImportTeacher', record, personalData: sealed })
        .then([]);
    });
  });

  describe('EraseTeacher', () => {
    it('records the erasure once', () => {
      deciderSpec(teacher)
        .given([registered, recorded(sealed)])
        .when({ type: 'EraseTeacher', teacherId })
        .then([erased]);
      deciderSpec(teacher)
        .given([registered, recorded(sealed), erased])
        .when({ type: 'EraseTeacher', teacherId })
        .then([]);
    });

    it('refuses an unknown teacher', () => {
      deciderSpec(teacher).given([]).when({ type: 'EraseTeacher', teacherId }).thenFails('teacher-not-found');
    });

    it('is final: nothing is written for an erased teacher again', () => {
      const history = [registered, recorded(sealed), erased];
      deciderSpec(teacher)
        .given(history)
        .when({ type: 'RegisterTeacher', record, personalData: sealed })
        .thenFails('teacher-erased');
      deciderSpec(teacher)
        .given(history)
        .when({ type: 'ImportTeacher', record, personalData: sealed })
        .thenFails('teacher-erased');
      deciderSpec(teacher)
        .given(history)
        .when({ type: 'UpdateTeacher', record: moved })
        .thenFails('teacher-erased');
      deciderSpec(teacher)
        .given(history)
        .when({ type: 'RecordPersonalData', teacherId, personalData: resealed })
        .thenFails('teacher-erased');
    });
  });
});
