import { Controller, Get, NotFoundException, Param, Query, type Type } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow, type AuthenticatedRequest, CurrentPrincipal, type Principal } from '@pk/auth';
import { EntityId, EntityIdPipe, RegionCode, Text, Versioned } from '@pk/service-runtime';
import { Type as TransformTo } from 'class-transformer';
import { IsBase64, IsInt, IsOptional, Max, Min } from 'class-validator';
import type { DirectoryCollection } from '../projections/directories/directories.projection';
import { DirectoryQueries } from '../projections/directories/directories.queries';

/**
 * Who reads the directories: the people who run the region's training, each within their region.
 * Directories list organizations (names, ИНН, ОКТМО: public registry data), never people; teachers
 * are left out only because they have no use for them (they find courses in the register).
 */
export const DIRECTORY_READERS = [
  'ministry-admin',
  'auditor',
  'municipal-operator',
  'school-coordinator',
  'provider',
  'expert',
] as const;

/** The region a read names (`?region=`, the token's by default), and nothing else of the query. */
const regionOfQuery = (request: AuthenticatedRequest) => ({
  region: typeof request.query?.region === 'string' ? request.query.region : request.principal?.region,
});

export class DirectoryListQuery {
  @ApiPropertyOptional({ example: '63', description: "Two-digit region code; the token's by default" })
  @IsOptional()
  @RegionCode()
  region?: string;

  @ApiPropertyOptional({
    example: 'школа 93',
    maxLength: 200,
    description:
      'Words of the name (each a word or the start of one, case and ё blind), or a whole ИНН (ОКТМО for municipalities)',
  })
  @IsOptional()
  @Text({ max: 200 })
  q?: string;

  @ApiPropertyOptional({ description: 'The `next` of the previous page' })
  @IsOptional()
  @IsBase64({ urlSafe: true }, { message: 'after must be the `next` of a previous page' })
  after?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @TransformTo(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export class DirectoryInMunicipalityQuery extends DirectoryListQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only entries in this municipality' })
  @IsOptional()
  @EntityId()
  municipalityId?: string;
}

// The answers, as the OpenAPI document shows them.

class EntryAnswer {
  @ApiProperty({ example: '63' }) region!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'date-time', description: 'When the entry last changed' }) updatedAt!: string;
}

export class ProviderEntry extends EntryAnswer {
  @ApiProperty({ format: 'uuid' }) providerId!: string;
  @ApiProperty({ example: '6317010870' }) inn!: string;
  @ApiProperty({ example: 'dpo-institute' }) kind!: string;
  @ApiProperty({ example: 'state' }) ownership!: string;
}

export class MunicipalityEntry extends EntryAnswer {
  @ApiProperty({ format: 'uuid' }) municipalityId!: string;
  @ApiProperty({ example: '36740000' }) oktmo!: string;
  @ApiProperty({ example: 'urban-district' }) kind!: string;
}

export class OrganizationEntry extends EntryAnswer {
  @ApiProperty({ format: 'uuid' }) organizationId!: string;
  @ApiProperty({ example: '6321064750' }) inn!: string;
  @ApiProperty({ example: 'school' }) kind!: string;
  @ApiProperty({ format: 'uuid' }) municipalityId!: string;
}

export class InternshipPeriodEntry {
  @ApiProperty({ format: 'date' }) startsOn!: string;
  @ApiProperty({ format: 'date' }) endsOn!: string;
  @ApiProperty() places!: number;
}

export class InternshipSiteEntry extends EntryAnswer {
  @ApiProperty({ format: 'uuid' }) siteId!: string;
  @ApiProperty({ example: '6320002223' }) inn!: string;
  @ApiProperty({ format: 'uuid' }) municipalityId!: string;
  @ApiProperty() profile!: string;
  @ApiProperty({ type: [String], format: 'uuid' }) programIds!: string[];
  @ApiProperty({ type: [InternshipPeriodEntry] }) periods!: InternshipPeriodEntry[];
}

export interface DirectoryReadOptions {
  /** The path of the directory's routes, as its commands have it: `providers`. */
  readonly path: string;
  /** The read model's collection. */
  readonly collection: DirectoryCollection;
  /** The id's field in the answer, as in the directory's events: `providerId`. */
  readonly idField: string;
  /** The answer's class, for the OpenAPI document. */
  readonly entry: Type<unknown>;
  /** Whether entries sit in a municipality (a `municipalityId` filter). */
  readonly inMunicipality: boolean;
  /** What an entry is, in words: `provider`. */
  readonly noun: string;
}

/**
 * The read side of one directory: `GET /<path>` (a region's entries, by name, in keyset pages,
 * searchable) and `GET /<path>/:id` (one entry, with its version as ETag). One factory for the
 * four directories, so they page, search and answer alike.
 */
export function directoryReadController(options: DirectoryReadOptions): Type<unknown> {
  const { path, collection, idField, entry, noun } = options;
  const Query_ = options.inMunicipality ? DirectoryInMunicipalityQuery : DirectoryListQuery;

  class Page {
    @ApiProperty({ type: [entry] }) entries!: unknown[];
    @ApiProperty({
      type: String,
      nullable: true,
      description: 'Pass as `after` for the next page; null on the last',
    })
    next!: string | null;
  }
  Object.defineProperty(Page, 'name', { value: `${entry.name}Page` });

  @ApiTags(path)
  @ApiBearerAuth()
  @Controller(path)
  class DirectoryReadController {
    constructor(readonly queries: DirectoryQueries) {}

    @Get()
    @Allow({ roles: [...DIRECTORY_READERS], scope: 'region', target: regionOfQuery })
    @ApiResponse({
      status: 200,
      type: Page,
      description: `The region's ${noun} entries by name then id, \`limit\` at a time; \`next\` continues`,
    })
    @ApiResponse({ status: 400, description: 'A bad filter or cursor, naming it' })
    list(@Query() query: DirectoryInMunicipalityQuery, @CurrentPrincipal() principal: Principal) {
      return this.queries.page(collection, idField, {
        region: query.region ?? principal.region ?? '',
        text: query.q,
        municipalityId: query.municipalityId,
        after: query.after,
        limit: query.limit ?? 50,
      });
    }

    @Get(':id')
    @Allow({
      roles: [...DIRECTORY_READERS],
      scope: 'region',
      target: (request) => ({ region: request.principal?.region }),
    })
    @ApiResponse({ status: 200, type: entry, description: `The ${noun}, with its version as ETag` })
    @ApiResponse({ status: 404, description: `No ${noun} of the caller's region under this id` })
    async one(@Param('id', EntityIdPipe) id: string, @CurrentPrincipal() principal: Principal) {
      const found = await this.queries.entry(collection, idField, id);
      // another region's entry answers as one that does not exist
      if (found === undefined || found.entry['region'] !== principal.region) {
        throw new NotFoundException(`there is no ${noun} ${id} in region ${principal.region}`);
      }
      return new Versioned(found.entry, found.version);
    }
  }
  // the query class differs by directory: the decorator metadata is the list's parameter type
  Reflect.defineMetadata('design:paramtypes', [Query_, Object], DirectoryReadController.prototype, 'list');
  Object.defineProperty(DirectoryReadController, 'name', { value: `${entry.name}ReadController` });
  return DirectoryReadController;
}

export const ProviderReadController = directoryReadController({
  path: 'providers',
  collection: 'providers',
  idField: 'providerId',
  entry: ProviderEntry,
  inMunicipality: false,
  noun: 'provider',
});
export const MunicipalityReadController = directoryReadController({
  path: 'municipalities',
  collection: 'municipalities',
  idField: 'municipalityId',
  entry: MunicipalityEntry,
  inMunicipality: false,
  noun: 'municipality',
});
export const OrganizationReadController = directoryReadController({
  path: 'organizations',
  collection: 'organizations',
  idField: 'organizationId',
  entry: OrganizationEntry,
  inMunicipality: true,
  noun: 'organization',
});
export const InternshipSiteReadController = directoryReadController({
  path: 'internship-sites',
  collection: 'sites',
  idField: 'siteId',
  entry: InternshipSiteEntry,
  inMunicipality: true,
  noun: 'internship site',
});
