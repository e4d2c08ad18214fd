import { Body, Controller, Get, HttpCode, NotFoundException, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow, Caller, CurrentPrincipal, type Principal } from '@pk/auth';
import type { CommandContext } from '@pk/kernel';
import { CommandAccepted, EntityIdPipe, Versioned } from '@pk/service-runtime';
import { VoucherCommands } from '../application/voucher.commands';
import type { VoucherState } from '../domain/voucher.decider';
import {
  AllotmentAnswer,
  BudgetAnswer,
  ContractAccepted,
  ContractAnswer,
  TariffAnswer,
  type VoucherAnswer,
  VoucherAnswer as VoucherAnswerClass,
  VoucherIssueAccepted,
} from './vouchers.answers';
import {
  AllotmentParams,
  AllotRequest,
  ReduceAllotmentRequest,
  ContractParams,
  IssueVoucherRequest,
  RedeemBlockRequest,
  ReleaseBlockRequest,
  ReserveBlockRequest,
  RevokeVoucherRequest,
  SetBudgetRequest,
  SetTariffRequest,
  SignContractRequest,
  TerminateContractRequest,
  YearParams,
} from './voucher.dto';

const MINISTRY = { roles: ['ministry-admin'], scope: 'region' } as const;
/** The auditor reads everything of its region and writes nothing. */
const READERS = { roles: ['ministry-admin', 'auditor'], scope: 'region' } as const;

/** The money of a year: its tariff, its budget and the municipalities' allotments. */
@ApiTags('voucher money')
@ApiBearerAuth()
@Controller()
export class MoneyController {
  constructor(private readonly commands: VoucherCommands) {}

  /** The year's tariff: cost per hour by block type; vouchers issued after it are valued at it. */
  @Put('tariffs/:region/:year')
  @Allow(MINISTRY)
  @ApiResponse({ status: 200, type: CommandAccepted })
  async setTariff(
    @Param() { region, year }: YearParams,
    @Body() body: SetTariffRequest,
    @Caller() caller: CommandContext,
  ): Promise<CommandAccepted> {
    const costPerHour = { variable: body.costPerHour.variable, internship: body.costPerHour.internship };
    return CommandAccepted.of(await this.commands.setTariff({ region, year, costPerHour }, caller));
  }

  @Get('tariffs/:region/:year')
  @Allow(READERS)
  @ApiOkResponse({ type: TariffAnswer })
  async tariff(@Param() { region, year }: YearParams): Promise<TariffAnswer> {
    return { region, year, costPerHour: await this.commands.tariffOf(region, year) };
  }

  /** The year's budget: the ceiling of what is allotted to municipalities. */
  @Put('budgets/:region/:year')
  @Allow(MINISTRY)
  @ApiResponse({ status: 200, type: CommandAccepted })
  async setBudget(
    @Param() { region, year }: YearParams,
    @Body() body: SetBudgetRequest,
    @Caller() caller: CommandContext,
  ): Promise<CommandAccepted> {
    return CommandAccepted.of(await this.commands.setBudget({ region, year, amount: body.amount }, caller));
  }

  /** The budget as its stream holds it now (a short stream: one event per change). */
  @Get('budgets/:region/:year')
  @Allow(READERS)
  @ApiOkResponse({ type: BudgetAnswer })
  async budget(@Param() { region, year }: YearParams): Promise<BudgetAnswer> {
    const state = await this.commands.budgetOf(region, year);
    return {
      region,
      year,
      amount: state.amount,
      allotted: state.allotted,
      municipalities: Object.entries(state.byMunicipality)
        .map(([municipalityId, allotted]) => ({ municipalityId, allotted }))
        .sort((a, b) => a.municipalityId.localeCompare(b.municipalityId)),
    };
  }

  /** Adds money of the year's budget to a municipality's allotment, on which its vouchers are committed. */
  @Post('budgets/:region/:year/allotments')
  @HttpCode(201)
  @Allow(MINISTRY)
  @ApiResponse({ status: 201, type: CommandAccepted })
  async allot(
    @Param() { region, year }: YearParams,
    @Body() body: AllotRequest,
    @Caller() caller: CommandContext,
  ): Promise<CommandAccepted> {
    const { municipalityId, amount } = body;
    return CommandAccepted.of(await this.commands.allot({ region, year, municipalityId, amount }, caller));
  }

  /**
   * Takes money back from a municipality's allotment to the year's budget: never below what its issued
   * vouchers have committed (422 allotment-below-committed).
   */
  @Post('budgets/:region/:year/allotments/:municipalityId/reductions')
  @HttpCode(201)
  @Allow(MINISTRY)
  @ApiResponse({ status: 201, type: CommandAccepted })
  async reduceAllotment(
    @Param() { region, year, municipalityId }: AllotmentParams,
    @Body() body: ReduceAllotmentRequest,
    @Caller() caller: CommandContext,
  ): Promise<CommandAccepted> {
    const { amount } = body;
    return CommandAccepted.of(
      await this.commands.reduceAllotment({ region, year, municipalityId, amount }, caller),
    );
  }

  @Get('budgets/:region/:year/allotments/:municipalityId')
  @Allow(READERS)
  @ApiOkResponse({ type: AllotmentAnswer })
  async allotment(@Param() { region, year, municipalityId }: AllotmentParams): Promise<AllotmentAnswer> {
    const state = await this.commands.allotmentOf(region, year, municipalityId);
    return {
      region,
      year,
      municipalityId,
      allotment: state.allotment,
      committed: state.committed,
      left: state.allotment - state.committed,
    };
  }
}

/** Contracts of providers for voucher services of a year. */
@ApiTags('provider contracts')
@ApiBearerAuth()
@Controller('contracts')
export class ContractController {
  constructor(private readonly commands: VoucherCommands) {}

  @Post()
  @HttpCode(201)
  @Allow(MINISTRY)
  @ApiResponse({ status: 201, type: ContractAccepted })
  async sign(@Body() body: SignContractRequest, @Caller() caller: CommandContext): Promise<ContractAccepted> {
    const { region, year, providerId, number, signedOn, validUntil } = body;
    const { contractId, outcome } = await this.commands.signContract(
      { region, year, providerId, number, signedOn, validUntil },
      caller,
    );
    return { contractId, version: outcome.revision };
  }

  @Post(':region/:year/:providerId/termination')
  @HttpCode(201)
  @Allow(MINISTRY)
  @ApiResponse({ status: 201, type: CommandAccepted })
  async terminate(
    @Param() { region, year, providerId }: ContractParams,
    @Body() body: TerminateContractRequest,
    @Caller() caller: CommandContext,
  ): Promise<CommandAccepted> {
    const { reason, terminatedOn } = body;
    return CommandAccepted.of(
      await this.commands.terminateContract({ region, year, providerId, reason, terminatedOn }, caller),
    );
  }

  @Get(':region/:year/:providerId')
  @Allow(READERS)
  @ApiOkResponse({ type: ContractAnswer })
  async contract(@Param() { region, year, providerId }: ContractParams): Promise<ContractAnswer> {
    const state = await this.commands.contractOf(region, year, providerId);
    if (state.status === 'none') {
      throw new NotFoundException(
        `у организатора ${providerId} нет договора на ${year} год в регионе ${region}`,
      );
    }
    return { ...state.signed, status: state.status };
  }
}

/** Vouchers: issue, the ministry's manual reserve / release / redeem, revoke, and one voucher as its stream tells it. */
@ApiTags('vouchers')
@ApiBearerAuth()
@Controller('vouchers')
export class VoucherController {
  constructor(private readonly commands: VoucherCommands) {}

  @Post()
  @HttpCode(201)
  @Allow(MINISTRY)
  @ApiResponse({ status: 201, type: VoucherIssueAccepted, description: 'Issued, or already so' })
  async issue(
    @Body() body: IssueVoucherRequest,
    @Caller() caller: CommandContext,
  ): Promise<VoucherIssueAccepted> {
    const { teacherId, region, year } = body;
    const { voucherId } = await this.commands.issue({ teacherId, region, year }, caller);
    return { voucherId };
  }

  /** A voucher, with its version as ETag (read from its stream: a reservation may follow at once). */
  @Get(':voucherId')
  @Allow(READERS)
  @ApiOkResponse({ type: VoucherAnswerClass, description: 'The voucher, its version as ETag' })
  async voucher(
    @Param('voucherId', EntityIdPipe) voucherId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Versioned<VoucherAnswer>> {
    const { state, revision } = await this.commands.current(voucherId);
    if (state.status === 'none' || state.issued.region !== principal.region) {
      throw new NotFoundException(`ИОЧ ${voucherId} не найден в регионе ${principal.region}`);
    }
    return new Versioned(voucherView(state), revision);
  }

  /** The ministry reserves a block by hand: a refusal is a 422 with its reason, and nothing is stored. */
  @Post(':voucherId/reservations')
  @HttpCode(201)
  @Allow(MINISTRY)
  @ApiResponse({ status: 201, type: CommandAccepted })
  async reserve(
    @Param('voucherId', EntityIdPipe) voucherId: string,
    @Body() body: ReserveBlockRequest,
    @Caller() caller: CommandContext,
  ): Promise<CommandAccepted> {
    const { region, requestId, applicationId, programId, offeringId, providerId } = body;
    return CommandAccepted.of(
      await this.commands.reserve(
        { voucherId, region, request: { requestId, applicationId, programId, offeringId, providerId } },
        caller,
      ),
    );
  }

  @Post(':voucherId/releases')
  @HttpCode(201)
  @Allow(MINISTRY)
  @ApiResponse({ status: 201, type: CommandAccepted })
  async release(
    @Param('voucherId', EntityIdPipe) voucherId: string,
    @Body() body: ReleaseBlockRequest,
    @Caller() caller: CommandContext,
  ): Promise<CommandAccepted> {
    const { region, applicationId, reason } = body;
    return CommandAccepted.of(
      await this.commands.release({ voucherId, region, applicationId, reason }, caller),
    );
  }

  @Post(':voucherId/redemptions')
  @HttpCode(201)
  @Allow(MINISTRY)
  @ApiResponse({ status: 201, type: CommandAccepted })
  async redeem(
    @Param('voucherId', EntityIdPipe) voucherId: string,
    @Body() body: RedeemBlockRequest,
    @Caller() caller: CommandContext,
  ): Promise<CommandAccepted> {
    const { region, applicationId, completedOn, certificateNumber } = body;
    return CommandAccepted.of(
      await this.commands.redeem(
        { voucherId, region, applicationId, completedOn, certificateNumber },
        caller,
      ),
    );
  }

  @Post(':voucherId/revocation')
  @HttpCode(201)
  @Allow(MINISTRY)
  @ApiResponse({ status: 201, type: CommandAccepted })
  async revoke(
    @Param('voucherId', EntityIdPipe) voucherId: string,
    @Body() body: RevokeVoucherRequest,
    @Caller() caller: CommandContext,
  ): Promise<CommandAccepted> {
    const { region, reason } = body;
    return CommandAccepted.of(await this.commands.revoke({ voucherId, region, reason }, caller));
  }
}

function voucherView(state: Exclude<VoucherState, { status: 'none' }>): VoucherAnswer {
  const { subjects: _subjects, workProfile: _workProfile, blocks, ...issued } = state.issued;
  return {
    ...issued,
    status: state.status,
    blocks: blocks.map((b, i) => {
      const current = state.blocks[i]!;
      return {
        ...b,
        status: current.status,
        reservation:
          current.status === 'reserved' || current.status === 'redeemed' ? current.reservation : null,
      };
    }),
  };
}
