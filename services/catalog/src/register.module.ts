import { Module } from '@nestjs/common';
import { RegisterController } from './api/register.controller';
import { RegisterQueries } from './projections/register/register.queries';

/** The register: its queries over the register read model, and their HTTP API. */
@Module({ controllers: [RegisterController], providers: [RegisterQueries] })
export class RegisterModule {}
