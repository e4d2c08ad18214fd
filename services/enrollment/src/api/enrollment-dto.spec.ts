import { assertAppendable } from '@pk/contracts';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ApplyRequest, ReasonRequest } from './group.dto';

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
});
