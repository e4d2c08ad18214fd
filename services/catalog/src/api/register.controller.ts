import { BadRequestException, Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Allow, type AuthenticatedRequest, CurrentPrincipal, type Principal } from '@pk/auth';
import { EntityIdPipe, Versioned } from '@pk/service-runtime';
import { InvalidCursor, RegisterQueries } from '../projections/register/register.queries';
import { RegisterSearchQuery } from './program.dto';
import {
  OfferingAnswer,
  ProgramAnswer,
  ProviderProgramsAnswer,
  RegisterPageAnswer,
} from './register.answers';
import { ownProvider } from './program.controller';

/** Everyone who works with the register of a region. */
const REGION_READERS = [
  'teacher',
  'provider',
  'expert',
  'school-coordinator',
  'municipal-operator',
  'ministry-admin',
  'auditor',
] as const;

/**
 * The region a read names (`?region=`), and nothing else: the register's own filters (`subject`
 * is a school subject there) must not be taken for the token's scope fields.
 */
const regionOfQuery = (request: AuthenticatedRequest) => ({
  region: typeof request.query?.region === 'string' ? request.query.region : undefined,
});

/** What the catalog's read model answers: the register, a program, its offerings, a provider's list. */
@ApiTags('register')
@ApiBearerAuth()
@Controller()
export class RegisterController {
  constructor(private readonly register: RegisterQueries) {}

  /**
   * The register: approved programs of a region, filtered, in pages — by title when the result is
   * small, in a stable shard order when it is large (see RegisterQueries.search).
   */
  @Get('register')
  @ApiOkResponse({ type: RegisterPageAnswer })
  @Allow({ roles: [...REGION_READERS], scope: 'region', target: regionOfQuery })
  async search(@Query() query: RegisterSearchQuery, @CurrentPrincipal() principal: Principal) {
    const { q, voucherEligible, page, pageSize, region, cursor, ...filters } = query;
    try {
      return await this.register.search({
        ...filters,
        region: region ?? principal.region,
        text: q,
        voucherEligible: voucherEligible === undefined ? undefined : voucherEligible === 'true',
        cursor,
        page: page ?? 1,
        pageSize: pageSize ?? 20,
      });
    } catch (error) {
      if (error instanceof InvalidCursor)
        throw new BadRequestException('cursor: не значение next страницы реестра');
      throw error;
    }
  }

  /**
   * One program. In the register (approved, or archived after it) anyone of the region reads it;
   * a draft or a revision under review only its provider, the council and the ministry.
   */
  @Get('programs/:programId')
  @ApiOkResponse({ type: ProgramAnswer, description: 'The program, its version as ETag' })
  @Allow({ roles: [...REGION_READERS], scope: 'region', target: regionOfQuery })
  async program(
    @Param('programId', EntityIdPipe) programId: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    const found = await this.register.program(programId);
    const visible =
      found !== undefined &&
      found.region === principal.region &&
      (found.approvedRevision !== undefined ||
        ['ministry-admin', 'auditor', 'expert'].includes(principal.role) ||
        (principal.role === 'provider' && principal.organization === found.providerId));
    if (!visible) throw new NotFoundException(`нет программы ${programId}, доступной вам`);
    return new Versioned(found, found.version);
  }

  @Get('programs/:programId/offerings')
  @ApiOkResponse({ type: [OfferingAnswer], description: 'Ordered by start date' })
  @Allow({ roles: [...REGION_READERS], scope: 'region', target: regionOfQuery })
  async offerings(
    @Param('programId', EntityIdPipe) programId: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    await this.program(programId, principal); // 404 unless the caller may see the program
    return this.register.offerings(programId);
  }

  /** A provider's programs, drafts included, with where each stands in review. */
  @Get('providers/:providerId/programs')
  @ApiOkResponse({ type: ProviderProgramsAnswer })
  @Allow({ roles: ['provider'], scope: 'organization', target: ownProvider })
  @Allow({
    roles: ['ministry-admin', 'auditor'],
    scope: 'region',
    target: (request) => ({ region: request.principal?.region }),
  })
  async ofProvider(
    @Param('providerId', EntityIdPipe) providerId: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    const programs = await this.register.ofProvider(providerId);
    return { providerId, programs: programs.filter((found) => found.region === principal.region) };
  }
}
