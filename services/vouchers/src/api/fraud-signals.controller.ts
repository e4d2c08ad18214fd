import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Allow } from '@pk/auth';
import { UNUSUAL_DAY_FACTOR, UNUSUAL_DAY_FLOOR } from '../projections/fraud-signals/fraud-signals';
import { FraudSignalQueries } from '../projections/fraud-signals/fraud-signals.queries';
import { RegionYearParams } from './voucher-read.dto';
import { FraudSignalsAnswer } from './vouchers.answers';

/** What each signal means, as the ministry reads it next to the findings. */
export const SIGNAL_DESCRIPTIONS = {
  unusualRedemptionDays:
    `Необычно много погашений у одного поставщика в один день: число блоков, погашенных в день ` +
    `завершения курса, больше max(${UNUSUAL_DAY_FLOOR}, ${UNUSUAL_DAY_FACTOR} × медиана) — медианы ` +
    `погашений этого поставщика в день за год (по дням, когда он что-либо погашал). Доказательства: ` +
    `день, число, медиана, порог и перечень ИОЧ.`,
  ownOrganizationProvider:
    'Блок ИОЧ зарезервирован или погашен у поставщика, связанного с организацией самого педагога: ' +
    'ИНН поставщика совпадает с ИНН организации, указанной в ИОЧ (школа, которая сама является ' +
    'поставщиком). Доказательства: ИОЧ, блок, идентификатор педагога (без ФИО), организация, ' +
    'поставщик, ИНН.',
  redemptionWithoutAttendance:
    'Погашение блока без отмеченной посещаемости: курс завершён и блок ИОЧ погашен, но сервис ' +
    'зачисления не передал посещаемость по заявке или передал 0 часов посещения. Доказательства: ИОЧ, ' +
    'блок, заявка, поставщик, программа, дата погашения (завершения курса) и найденная посещаемость ' +
    '(часы посещения из запланированных и время отметки) или её отсутствие.',
} as const;

/**
 * Signals of possible abuse of vouchers in a region's year, with their evidence, for the ministry and
 * auditors. They are listed only: nothing here changes a voucher, a block or a payable.
 */
@ApiTags('vouchers')
@ApiBearerAuth()
@Controller()
export class FraudSignalsController {
  constructor(private readonly signals: FraudSignalQueries) {}

  @Get('fraud-signals/:region/:year')
  @ApiOkResponse({ type: FraudSignalsAnswer })
  @Allow({ roles: ['ministry-admin', 'auditor'], scope: 'region' })
  async ofYear(@Param() { region, year }: RegionYearParams): Promise<FraudSignalsAnswer> {
    const [days, spends, unattended] = await Promise.all([
      this.signals.unusualDays(region, year),
      this.signals.ownOrganizationSpends(region, year),
      this.signals.redemptionsWithoutAttendance(region, year),
    ]);
    return {
      region,
      year,
      unusualRedemptionDays: {
        signal: 'unusual-redemption-days',
        status: 'checked',
        description: SIGNAL_DESCRIPTIONS.unusualRedemptionDays,
        findings: days,
      },
      ownOrganizationProvider: {
        signal: 'own-organization-provider',
        status: 'checked',
        description: SIGNAL_DESCRIPTIONS.ownOrganizationProvider,
        findings: spends.map(({ voucherId, block, teacherId, organizationId, providerId, state, inn }) => ({
          voucherId,
          block,
          teacherId,
          organizationId,
          providerId,
          state,
          inn,
        })),
      },
      redemptionWithoutAttendance: {
        signal: 'redemption-without-attendance',
        status: 'checked',
        description: SIGNAL_DESCRIPTIONS.redemptionWithoutAttendance,
        findings: unattended.map(
          ({ voucherId, block, applicationId, providerId, programId, day, attendance }) => ({
            voucherId,
            block,
            applicationId,
            providerId,
            programId,
            redeemedOn: day,
            attendanceFound: attendance !== null,
            attendance,
          }),
        ),
      },
    };
  }
}
