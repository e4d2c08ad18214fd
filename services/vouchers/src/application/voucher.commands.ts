import { Inject, Injectable, Logger } from '@nestjs/common';
import type {
  AllotmentReduced,
  BudgetAllotted,
  CostPerHour,
  ReservationRequestKey,
  VoucherExpired,
  VoucherRevoked,
  VouchersCommitted,
} from '@pk/contracts';
import { regionToday } from '@pk/contracts';
import {
  type Clock,
  type CommandContext,
  type CommandOutcome,
  DomainError,
  ReactionRunner,
} from '@pk/kernel';
import { CLOCK, EventSourcing } from '@pk/service-runtime';
import { allotment, type AllotmentCommand, type TeacherFacts } from '../domain/allotment.decider';
import { budget } from '../domain/budget.decider';
import { contractFacts, providerContract } from '../domain/provider-contract.decider';
import { tariff } from '../domain/tariff.decider';
import { voucher, type VoucherCommand, type VoucherState } from '../domain/voucher.decider';
import { ProgramReplica } from '../projections/catalog-replica/catalog-replica.queries';
import { TeacherReplica } from '../projections/teacher-replica/teacher-replica.queries';
import { contractIdOf, voucherIdOf } from './ids';
import {
  creditAllotment,
  issueCommittedVouchers,
  returnAllotmentToBudget,
  returnVoucherMoney,
} from './reactions/money.reactions';

/** Every command of vouchers' write side, from HTTP, reactions and deadlines alike. */
@Injectable()
export class VoucherCommands {
  private readonly tariffs;
  private readonly budgets;
  private readonly allotments;
  private readonly log = new Logger('vouchers');
  private readonly vouchers;
  private readonly contracts;

  constructor(
    private readonly eventSourcing: EventSourcing,
    private readonly teachers: TeacherReplica,
    private readonly programs: ProgramReplica,
    private readonly reactions: ReactionRunner,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.tariffs = eventSourcing.handler(tariff);
    // the allotment's credit follows at once, in process; the reaction on the own topic is the backstop
    this.budgets = eventSourcing.handler(budget, { decided: (outcome) => this.follow(outcome) });
    this.allotments = eventSourcing.handler(allotment, {
      // in every attempt: a retried decision reads the teachers and the tariff as they are then
      prepare: (command) => this.withFacts(command),
      decided: (outcome) => this.follow(outcome),
    });
    this.vouchers = eventSourcing.handler(voucher, {
      prepare: (command, state) => this.withProgramAndContract(command, state),
      decided: (outcome) => this.follow(outcome),
    });
    this.contracts = eventSourcing.handler(providerContract);
  }

  setTariff(request: { region: string; year: number; costPerHour: CostPerHour }, caller: CommandContext) {
    return this.tariffs.handle(
      tariff.streamId(request.region, request.year),
      { type: 'SetTariff', ...request },
      caller,
    );
  }

  setBudget(request: { region: string; year: number; amount: number }, caller: CommandContext) {
    return this.budgets.handle(
      budget.streamId(request.region, request.year),
      { type: 'SetBudget', ...request },
      caller,
    );
  }

  allot(
    request: { region: string; year: number; municipalityId: string; amount: number },
    caller: CommandContext,
  ) {
    return this.budgets.handle(
      budget.streamId(request.region, request.year),
      { type: 'AllotBudget', ...request },
      caller,
    );
  }

  /**
   * Takes money back from a municipality's allotment, decided on the allotment's stream (never below
   * what is committed); the year's budget gets it back at once, in process, and by the reaction on the
   * own topic should the process stop in between.
   */
  reduceAllotment(
    request: { region: string; year: number; municipalityId: string; amount: number },
    caller: CommandContext,
  ) {
    return this.allotments.handle(
      allotment.streamId(request.region, request.year, request.municipalityId),
      { type: 'ReduceAllotment', ...request },
      caller,
    );
  }

  /**
   * Commits the voucher on the teacher's municipal allotment; the voucher itself follows from the
   * commitment. One commitment per voucher, whoever sends it and however often.
   */
  async issue(request: { teacherId: string; region: string; year: number }, caller: CommandContext) {
    const { teacherId, region, year } = request;
    const voucherId = voucherIdOf(teacherId, year);
    // the teacher's municipality names the stream; the decision reads the teacher again, in `prepare`
    const teacher = await this.teachers.teacher(teacherId, region);
    if (!teacher) {
      throw new DomainError(
        'teacher-not-found',
        `teacherId: педагог ${teacherId} не найден в регионе ${region}`,
      );
    }
    const outcome = await this.allotments.handle(
      allotment.streamId(region, year, teacher.municipalityId),
      {
        type: 'CommitVouchers',
        region,
        year,
        municipalityId: teacher.municipalityId,
        tariff: null,
        vouchers: [{ voucherId, teacherId, teacher }],
      },
      { ...caller, idempotencyKey: `commit-voucher/${voucherId}` },
    );
    return { voucherId, outcome };
  }

  /**
   * A bulk issue's batch for one municipality and year: commits, in order, what the allotment still
   * covers (one event for the batch), and answers which vouchers are committed now or were before.
   */
  async issueBatch(
    request: { region: string; year: number; municipalityId: string; teachers: readonly TeacherFacts[] },
    caller: CommandContext,
  ): Promise<{ committedNow: Set<string>; committedBefore: Set<string> }> {
    const { region, year, municipalityId } = request;
    const vouchers = request.teachers.map((teacher) => ({
      voucherId: voucherIdOf(teacher.teacherId, year),
      teacherId: teacher.teacherId,
      teacher,
    }));
    const stream = allotment.streamId(region, year, municipalityId);
    // answered once the money is committed; the vouchers follow (see follow)
    const outcome = await this.allotments.handle(
      stream,
      { type: 'CommitVouchers', region, year, municipalityId, tariff: null, vouchers, partial: true },
      caller,
    );
    const committedNow = new Set(
      outcome.events.flatMap((e) =>
        e.type === 'vouchers.VouchersCommitted'
          ? (e as VouchersCommitted).data.vouchers.map((v) => v.voucherId)
          : [],
      ),
    );
    const state = await this.allotments.state(stream);
    const committedBefore = new Set(
      vouchers.map((v) => v.voucherId).filter((id) => !committedNow.has(id) && state.voucherIds?.has(id)),
    );
    return { committedNow, committedBefore };
  }

  /** The ministry reserves by hand (a paper application): refused with an error, nothing stored. */
  reserve(
    request: { voucherId: string; region: string; request: ReservationRequestKey },
    caller: CommandContext,
  ) {
    return this.onVoucher(request.voucherId, caller, (state) => ({
      type: 'ReserveBlock',
      voucherId: request.voucherId,
      region: request.region,
      teacherId: state.status === 'none' ? '' : state.issued.teacherId,
      year: state.status === 'none' ? 0 : state.issued.year,
      request: request.request,
      recordRefusal: false,
    }));
  }

  release(
    request: { voucherId: string; region: string; applicationId: string; reason: string },
    caller: CommandContext,
  ) {
    return this.vouchers.handle(
      voucher.streamId(request.voucherId),
      { type: 'ReleaseBlock', ...request, cause: 'manual' },
      caller,
    );
  }

  redeem(
    request: {
      voucherId: string;
      region: string;
      applicationId: string;
      completedOn: string;
      certificateNumber: string;
    },
    caller: CommandContext,
  ) {
    return this.vouchers.handle(
      voucher.streamId(request.voucherId),
      { type: 'RedeemBlock', ...request },
      caller,
    );
  }

  revoke(request: { voucherId: string; region: string; reason: string }, caller: CommandContext) {
    return this.vouchers.handle(
      voucher.streamId(request.voucherId),
      { type: 'RevokeVoucher', ...request },
      caller,
    );
  }

  signContract(
    request: {
      region: string;
      year: number;
      providerId: string;
      number: string;
      signedOn: string;
      validUntil: string;
    },
    caller: CommandContext,
  ) {
    const contractId = contractIdOf(request.region, request.year, request.providerId);
    return this.contracts
      .handle(providerContract.streamId(contractId), { type: 'SignContract', contractId, ...request }, caller)
      .then((outcome) => ({ contractId, outcome }));
  }

  terminateContract(
    request: { region: string; year: number; providerId: string; reason: string; terminatedOn: string },
    caller: CommandContext,
  ) {
    const contractId = contractIdOf(request.region, request.year, request.providerId);
    return this.contracts.handle(
      providerContract.streamId(contractId),
      { type: 'TerminateContract', contractId, ...request },
      caller,
    );
  }

  /** The voucher as its stream tells it, with its revision (for reads that answer an ETag). */
  current(voucherId: string) {
    return this.vouchers.current(voucher.streamId(voucherId));
  }

  budgetOf(region: string, year: number) {
    return this.eventSourcing.state(budget, region, year);
  }

  allotmentOf(region: string, year: number, municipalityId: string) {
    return this.eventSourcing.state(allotment, region, year, municipalityId);
  }

  tariffOf(region: string, year: number) {
    return this.eventSourcing.state(tariff, region, year);
  }

  contractOf(region: string, year: number, providerId: string) {
    return this.eventSourcing.state(providerContract, contractIdOf(region, year, providerId));
  }

  /** A command built from the voucher's state (the teacher and year a manual reservation needs). */
  private async onVoucher(
    voucherId: string,
    caller: CommandContext,
    build: (state: VoucherState) => VoucherCommand,
  ) {
    const state = await this.vouchers.state(voucher.streamId(voucherId));
    return this.vouchers.handle(voucher.streamId(voucherId), build(state), caller);
  }

  private async withFacts(command: AllotmentCommand): Promise<AllotmentCommand> {
    if (command.type !== 'CommitVouchers') return command;
    const [costPerHour, teachers] = await Promise.all([
      this.eventSourcing.state(tariff, command.region, command.year),
      Promise.all(
        command.vouchers.map(async (v) => ({
          voucherId: v.voucherId,
          teacherId: v.teacherId,
          teacher: await this.teachers.teacher(v.teacherId, command.region),
        })),
      ),
    ]);
    return { ...command, tariff: costPerHour, vouchers: teachers };
  }

  /**
   * The program as the register holds it now, the provider's contract of the voucher's year, and the
   * day on the region's calendar when the command does not name it (over HTTP: today).
   */
  private async withProgramAndContract(
    command: VoucherCommand,
    state: VoucherState,
  ): Promise<VoucherCommand> {
    if (command.type !== 'ReserveBlock') return command;
    const year = state.status === 'none' ? command.year : state.issued.year;
    const [program, contract] = await Promise.all([
      this.programs.program(command.request.programId),
      this.eventSourcing.state(
        providerContract,
        contractIdOf(command.region, year, command.request.providerId),
      ),
    ]);
    const on = command.on ?? regionToday(command.region, this.clock.now());
    return { ...command, program, contract: contractFacts(contract), on };
  }

  /** What follows a decision at once, in process; each reaction's own-topic delivery is the backstop. */
  private async follow(outcome: CommandOutcome): Promise<void> {
    for (const event of outcome.events) {
      switch (event.type) {
        case 'vouchers.BudgetAllotted':
          await this.reactions.run(creditAllotment, event as BudgetAllotted);
          break;
        case 'vouchers.VouchersCommitted': {
          const issuing = this.reactions.run(issueCommittedVouchers, event as VouchersCommitted);
          // One voucher (an issue over HTTP) is answered once it exists. A bulk issue's batch is
          // answered once its money is committed: its vouchers (an issue and an expiry deadline
          // each, a thousand commands for a chunk of the import) follow in the background, the
          // own-topic reaction being their backstop. Awaiting them held the chunk's rows, and a
          // stopping process, for the whole issuance.
          if ((event as VouchersCommitted).data.vouchers.length <= 1) await issuing;
          else
            void issuing.catch((error: unknown) =>
              this.log.warn(
                `vouchers of a committed batch not all issued in process (the own-topic reaction issues them): ${String(error)}`,
              ),
            );
          break;
        }
        case 'vouchers.AllotmentReduced':
          await this.reactions.run(returnAllotmentToBudget, event as AllotmentReduced);
          break;
        case 'vouchers.VoucherExpired':
        case 'vouchers.VoucherRevoked':
          await this.reactions.run(returnVoucherMoney, event as VoucherExpired | VoucherRevoked);
          break;
        default:
          break;
      }
    }
  }
}
