import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Allow, type AuthenticatedRequest, CurrentPrincipal, type Principal } from '@pk/auth';
import { canonicalId, EntityIdPipe } from '@pk/service-runtime';
import type { BlockDocument, VoucherDocument } from '../projections/voucher-ledger/voucher-ledger.queries';
import { VoucherLedger, voucherView } from '../projections/voucher-ledger/voucher-ledger.queries';
import {
  ProviderBlocksQuery,
  ProviderMoneyQuery,
  RegionYearParams,
  SchoolVouchersQuery,
  TeacherVouchersQuery,
} from './voucher-read.dto';
import {
  ProviderBlocksAnswer,
  ProviderMoneyAnswer,
  SchoolVouchersAnswer,
  TeacherVouchersAnswer,
  YearMoneyAnswer,
} from './vouchers.answers';

/** Who reads every voucher of their region, and writes nothing here. */
const REGION_READERS = ['ministry-admin', 'auditor'] as const;
/** The route admits them at region scope; the handler answers their region's documents only. */
const ownRegion = (request: AuthenticatedRequest) => ({ region: request.principal?.region });

const param = (request: AuthenticatedRequest, name: string) => {
  const value = request.params?.[name];
  return canonicalId(value) ?? String(value ?? '');
};

/** The teacher reads its own vouchers only: the token's subject is the teacher's id. */
const ownTeacher = (request: AuthenticatedRequest) => ({
  region: request.principal?.region,
  subject: param(request, 'teacherId'),
});
/** A school's coordinator reads its own school's vouchers only. */
const ownSchool = (request: AuthenticatedRequest) => ({
  region: request.principal?.region,
  organization: param(request, 'organizationId'),
});
/** A provider reads its own blocks and money only. */
const ownProvider = (request: AuthenticatedRequest) => ({
  region: request.principal?.region,
  organization: param(request, 'providerId'),
});

const DEFAULT_PAGE = 100;

/**
 * What teachers, schools, providers, the ministry and auditors read of vouchers: read models only,
 * nothing here writes. A caller outside a record's region, school or provider learns nothing of it.
 */
@ApiTags('vouchers')
@ApiBearerAuth()
@Controller()
export class VoucherReadController {
  constructor(private readonly ledger: VoucherLedger) {}

  /**
   * A teacher's vouchers, the latest cycle first, each block with its state and, for a free block,
   * the programs it can still be spent on. The teacher reads its own; a school's coordinator those
   * issued while the teacher worked at its school; the ministry and auditors any of their region.
   */
  @Get('teachers/:teacherId/vouchers')
  @ApiOkResponse({ type: TeacherVouchersAnswer })
  @Allow({ roles: ['teacher'], scope: 'own-record', target: ownTeacher })
  @Allow({ roles: ['school-coordinator', ...REGION_READERS], scope: 'region', target: ownRegion })
  async ofTeacher(
    @Param('teacherId', EntityIdPipe) teacherId: string,
    @Query() query: TeacherVouchersQuery,
    @CurrentPrincipal() principal: Principal,
  ) {
    const found = (await this.ledger.ofTeacher(teacherId, query.year)).filter((voucher) =>
      visibleTo(principal, voucher),
    );
    if (found.length === 0 && principal.role !== 'teacher') {
      throw new NotFoundException(`нет ИОЧ педагога ${teacherId}, доступных роли ${principal.role}`);
    }
    const vouchers = [];
    for (const voucher of found) vouchers.push(await this.ledger.withSpendable(voucher));
    return { teacherId, vouchers };
  }

  /** A school's staff vouchers of a year, a page at a time by voucher id. */
  @Get('schools/:organizationId/vouchers')
  @ApiOkResponse({ type: SchoolVouchersAnswer })
  @Allow({ roles: ['school-coordinator'], scope: 'organization', target: ownSchool })
  @Allow({ roles: [...REGION_READERS], scope: 'region', target: ownRegion })
  async ofSchool(
    @Param('organizationId', EntityIdPipe) organizationId: string,
    @Query() query: SchoolVouchersQuery,
    @CurrentPrincipal() principal: Principal,
  ) {
    const page = await this.ledger.ofSchool(
      organizationId,
      query.year,
      query.after,
      query.limit ?? DEFAULT_PAGE,
    );
    return {
      organizationId,
      year: query.year,
      // a school's vouchers are of one region; another region's ministry sees none of them
      vouchers: page.items.filter((v) => v.region === principal.region).map(voucherView),
      next: page.next,
    };
  }

  /** A provider's reserved or redeemed blocks of a year, a page at a time by block id. */
  @Get('providers/:providerId/blocks')
  @ApiOkResponse({ type: ProviderBlocksAnswer })
  @Allow({ roles: ['provider'], scope: 'organization', target: ownProvider })
  @Allow({ roles: [...REGION_READERS], scope: 'region', target: ownRegion })
  async blocksOfProvider(
    @Param('providerId', EntityIdPipe) providerId: string,
    @Query() query: ProviderBlocksQuery,
    @CurrentPrincipal() principal: Principal,
  ) {
    const page = await this.ledger.blocksOfProvider(
      providerId,
      query.year,
      query.state,
      query.after,
      query.limit ?? DEFAULT_PAGE,
    );
    return {
      providerId,
      year: query.year,
      state: query.state,
      blocks: page.items.filter((b) => b.region === principal.region).map(providerBlock),
      next: page.next,
    };
  }

  /**
   * A provider's money of a year or one month of it: reserved, redeemed and payable per month, the
   * payables per contract, and its contracts of the year.
   */
  @Get('providers/:providerId/money')
  @ApiOkResponse({ type: ProviderMoneyAnswer })
  @Allow({ roles: ['provider'], scope: 'organization', target: ownProvider })
  @Allow({ roles: [...REGION_READERS], scope: 'region', target: ownRegion })
  async moneyOfProvider(
    @Param('providerId', EntityIdPipe) providerId: string,
    @Query() query: ProviderMoneyQuery,
    @CurrentPrincipal() principal: Principal,
  ) {
    const months =
      query.month !== undefined
        ? [query.month]
        : Array.from({ length: 12 }, (_, index) => `${query.year}-${String(index + 1).padStart(2, '0')}`);
    const [money, contracts] = await Promise.all([
      this.ledger.moneyOfProvider(providerId, principal.region, query.year, months),
      this.ledger.contractsOf(providerId),
    ]);
    return {
      providerId: money.providerId,
      year: query.year,
      reserved: money.reserved,
      redeemed: money.redeemed,
      payable: money.payable,
      months: money.months,
      payables: money.contracts,
      contracts: contracts
        .filter((c) => c.region === principal.region && c.year === query.year)
        .map(({ region: _r, providerId: _p, ...contract }) => contract),
    };
  }

  /**
   * The year's money of a region — budget, allotted, committed, reserved, spent — with the ministry's
   * totals by municipality and by provider.
   */
  @Get('money/:region/:year')
  @ApiOkResponse({ type: YearMoneyAnswer })
  @Allow({ roles: [...REGION_READERS], scope: 'region' })
  yearMoney(@Param() { region, year }: RegionYearParams) {
    return this.ledger.yearTotals(region, year);
  }
}

/** Whether a voucher is the caller's to read (the route has admitted the role already). */
function visibleTo(principal: Principal, voucher: VoucherDocument): boolean {
  if (voucher.region !== principal.region) return false;
  switch (principal.role) {
    case 'teacher':
      return voucher.teacherId === principal.subject;
    case 'school-coordinator':
      return voucher.organizationId === principal.organization;
    case 'ministry-admin':
    case 'auditor':
      return true;
    default:
      return false;
  }
}

function providerBlock(block: BlockDocument) {
  return {
    voucherId: block.voucherId,
    block: block.block,
    teacherId: block.teacherId,
    organizationId: block.organizationId,
    municipalityId: block.municipalityId,
    kind: block.kind,
    hours: block.hours,
    state: block.state,
    programId: block.programId,
    offeringId: block.offeringId,
    applicationId: block.applicationId,
    contractId: block.contractId,
    amount: block.amount,
    since: block.since,
    completedOn: block.completedOn,
    certificateNumber: block.certificateNumber,
  };
}
