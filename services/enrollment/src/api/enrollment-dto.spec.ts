import { assertAppendable } from '@pk/contracts';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import {
  ApplyRequest,
  CompletionRequest,
  NonCompletionRequest,
  ReasonRequest,
  StateAssignmentListRequest,
  StateAssignmentQuotaRequest,
} from './group.dto';

// The DTOs' limits are the contracts': whatever a DTO lets through, the event's schema accepts.

const problems = <T extends object>(type: new () => T, body: object) =>
  validateSync(plainToInstance(type, body) as object, {
    whitelist: true,
    forbidNonWhitelisted: true,
  }).flatMap((e) => Object.values(e.constraints ?? {}));

const id = '3e9a1c74-58b2-4f06-a1d3-7c2b9e5f8a10';

describe('enrollment request DTOs', () => {
  it('takes the three funding routes and nothing else, naming the field', () => {
    for (const route of ['voucher', 'state-assignment', 'employer']) {
      expect(problems(ApplyRequest, { organizationId: id, route })).toEqual([]);
    }
    expect(problems(ApplyRequest, { organizationId: id, route: 'cash' })).toEqual([
      'route: способ оплаты — voucher, state-assignment или employer',
    ]);
    expect(problems(ApplyRequest, { organizationId: 'school-5', route: 'voucher' })).not.toEqual([]);
  });

  it('takes a reason from empty up to the contracts’ 1000 characters, and the events then pass their schemas', () => {
    const reason = 'я'.repeat(1000);
    expect(problems(ReasonRequest, { reason: '' })).toEqual([]);
    expect(problems(ReasonRequest, { reason })).toEqual([]);
    expect(problems(ReasonRequest, { reason: `${reason}я` })).not.toEqual([]);
    expect(() =>
      assertAppendable('enrollment.ApplicationCancelled', {
        applicationId: id,
        teacherId: id,
        region: '63',
        reason,
      }),
    ).not.toThrow();
    expect(() =>
      assertAppendable('enrollment.EnrollmentCancelled', {
        applicationId: id,
        teacherId: id,
        region: '63',
        offeringId: id,
        providerId: id,
        code: 'withdrawn-by-teacher',
        reason,
      }),
    ).not.toThrow();
  });

  it('takes a result within the contracts’ limits, and the events then pass their schemas', () => {
    const certificateNumber = '№'.repeat(100);
    const completion = { kind: 'retraining', hours: 2000, certificateNumber, completedOn: '2026-10-10' };
    expect(problems(CompletionRequest, completion)).toEqual([]);
    expect(
      problems(CompletionRequest, { ...completion, certificateNumber: `${certificateNumber}1` }),
    ).not.toEqual([]);
    expect(problems(CompletionRequest, { ...completion, hours: 2001 })).not.toEqual([]);
    expect(() =>
      assertAppendable('enrollment.CourseCompleted', {
        ...completion,
        enrollmentId: id,
        teacherId: id,
        region: '63',
        organizationId: id,
        programId: id,
        offeringId: id,
        providerId: id,
      }),
    ).not.toThrow();
    const reason = 'я'.repeat(1000);
    for (const code of ['dropped-out', 'failed-final-assessment', 'did-not-attend']) {
      expect(problems(NonCompletionRequest, { code, reason, endedOn: '2026-10-05' })).toEqual([]);
      expect(() =>
        assertAppendable('enrollment.CourseNotCompleted', {
          applicationId: id,
          teacherId: id,
          region: '63',
          organizationId: id,
          offeringId: id,
          programId: id,
          providerId: id,
          route: 'voucher',
          code,
          reason,
          endedOn: '2026-10-05',
        }),
      ).not.toThrow();
    }
    expect(problems(NonCompletionRequest, { code: 'sick', reason, endedOn: '2026-10-05' })).toEqual([
      'code: причина — dropped-out, failed-final-assessment или did-not-attend',
    ]);
  });

  it('takes a quota of 0 to 1 000 whole places', () => {
    for (const places of [0, 1000]) expect(problems(StateAssignmentQuotaRequest, { places })).toEqual([]);
    for (const places of [-1, 1001, 2.5, '3']) {
      expect(problems(StateAssignmentQuotaRequest, { places })).not.toEqual([]);
    }
  });

  it('takes a list of 1 to 1 000 teachers, each once, with their schools', () => {
    const row = (n: number) => ({
      teacherId: `00000000-0000-4000-9000-${String(n).padStart(12, '0')}`,
      organizationId: id,
    });
    const teachers = Array.from({ length: 1000 }, (_, i) => row(i + 1));
    expect(problems(StateAssignmentListRequest, { teachers })).toEqual([]);
    expect(problems(StateAssignmentListRequest, { teachers: [...teachers, row(1001)] })).not.toEqual([]);
    expect(problems(StateAssignmentListRequest, { teachers: [] })).not.toEqual([]);
    expect(problems(StateAssignmentListRequest, { teachers: [row(1), row(2), row(1)] })).not.toEqual([]);
    // the same school for many teachers is the usual list
    expect(problems(StateAssignmentListRequest, { teachers: [row(1), row(2)] })).toEqual([]);
  });
});
