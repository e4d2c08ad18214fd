import type { OfferingOpenedV1, ProgramContent } from '@pk/contracts';
import { deciderSpec } from '@pk/test-kit';
import { offering, type OfferingEvent, type OpenOffering } from './offering.decider';
import type { ProgramState } from './program.decider';

const providerId = '5b1c1c7e-2f51-4f4e-9f7e-0d1f0a8b7c11';
const programId = '0f3e9a52-8d0b-4c1e-9a6c-3c2b1a0e9f21';
const approved: ProgramState = {
  status: 'approved',
  programId,
  providerId,
  region: '63',
  content: { title: 'Наставничество', hours: 36 } as ProgramContent,
  revision: 1,
  decided: { 1: 'approved' },
};
const opened: OfferingOpenedV1 = {
  offeringId: 'f4c1a8e6-2d7b-4953-8e0a-5b3d9c6f1a27',
  programId,
  providerId,
  region: '63',
  startsOn: '2026-02-02',
  endsOn: '2026-02-13',
  enrollmentDeadline: '2026-01-26',
  online: false,
  place: 'Самара, ул. Мичурина, 19',
  capacity: 25,
  minimumGroupSize: 10,
};
const open: OpenOffering = { type: 'OpenOffering', ...opened, program: approved };
const key = { offeringId: opened.offeringId, programId, providerId, region: '63' };
const events = {
  opened: { type: 'catalog.OfferingOpened', data: opened },
  closed: { type: 'catalog.OfferingClosed', data: key },
  started: { type: 'catalog.OfferingStarted', data: key },
  finished: { type: 'catalog.OfferingFinished', data: key },
} satisfies Record<string, OfferingEvent>;
const offeringId = opened.offeringId;

describe('offering', () => {
  const spec = deciderSpec(offering);

  it('opens for an approved program of its provider, and the same request again changes nothing', () => {
    spec.given([]).at('2026-01-10').when(open).then([events.opened]);
    spec.given([events.opened]).at('2026-01-10').when(open).then([]);
    spec
      .given([events.opened])
      .at('2026-01-10')
      .when({ ...open, capacity: 30 })
      .thenFails('offering-already-opened');
  });

  it('refuses programs not in the register, or of another provider', () => {
    spec
      .given([])
      .when({ ...open, program: { ...approved, status: 'submitted' } })
      .thenFails('program-not-approved', /в статусе submitted/);
    spec
      .given([])
      .when({ ...open, program: { ...approved, providerId: '7a2d9c14-4b3e-4f5a-8c6d-1e2f3a4b5c6d' } })
      .thenFails('program-not-found');
  });

  it('names every fault of the dates, the group size and the place', () => {
    spec
      .given([])
      .at('2026-01-10')
      .when({ ...open, endsOn: '2026-02-01', minimumGroupSize: 30, online: true })
      .thenFails(
        'offering-invalid',
        'обучение заканчивается (2026-02-01) раньше, чем начинается (2026-02-02); минимальный размер группы 30 больше числа мест 25; у онлайн-обучения нет места проведения',
      );
    spec
      .given([])
      .at('2026-01-27')
      .when(open)
      .thenFails('offering-invalid', /срок записи 2026-01-26 уже прошёл/);
  });

  it('moves open → closed → running → finished, and a deadline that comes late decides nothing', () => {
    spec.given([events.opened]).when({ type: 'CloseEnrollment', offeringId }).then([events.closed]);
    spec
      .given([events.opened, events.closed])
      .when({ type: 'StartOffering', offeringId })
      .then([events.started]);
    spec
      .given([events.opened])
      .when({ type: 'StartOffering', offeringId })
      .then([events.closed, events.started]);
    spec
      .given([events.opened, events.closed, events.started])
      .when({ type: 'CloseEnrollment', offeringId })
      .then([]);
    spec
      .given([events.opened, events.closed, events.started])
      .when({ type: 'FinishOffering', offeringId })
      .then([events.finished]);
    spec
      .given([events.opened])
      .when({ type: 'FinishOffering', offeringId })
      .thenFails('offering-not-running');
  });

  it('cancels until it has finished, with the reason', () => {
    spec
      .given([events.opened, events.closed])
      .when({ type: 'CancelOffering', offeringId, reason: 'Группа не набрана' })
      .then([{ type: 'catalog.OfferingCancelled', data: { ...key, reason: 'Группа не набрана' } }]);
    spec
      .given([events.opened, events.closed, events.started, events.finished])
      .when({ type: 'CancelOffering', offeringId, reason: 'x' })
      .thenFails('offering-finished');
  });
});
