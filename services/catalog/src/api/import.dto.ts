import { ApiProperty } from '@nestjs/swagger';
import { RegionCode } from '@pk/service-runtime';
import { IsIn } from 'class-validator';
import { IMPORT_DIRECTORIES, type ImportDirectory } from '../application/import-reports';

export class ImportTarget {
  @ApiProperty({ enum: IMPORT_DIRECTORIES })
  @IsIn(IMPORT_DIRECTORIES)
  directory!: ImportDirectory;
}

export class ImportRegion {
  @ApiProperty({ example: '63', description: 'The region whose directory the file fills' })
  @RegionCode()
  region!: string;
}

export class ImportStarted {
  @ApiProperty({ format: 'uuid' })
  importId!: string;

  @ApiProperty({ enum: ['running'] })
  status!: 'running';

  @ApiProperty({ description: 'Rows in the file, header and empty lines not counted' })
  totalRows!: number;
}
