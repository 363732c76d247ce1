import { Module } from '@nestjs/common';
import { capability } from '../capability.js';
import { OrganisationsResolver } from './organisations.resolver.js';
import { RegisterOrganisationHandler } from './register-organisation.handler.js';

@Module({ providers: [OrganisationsResolver, RegisterOrganisationHandler] })
export class OrganisationsModule {}

/** Registered organisations; they are read from the partnership directory. */
export const organisations = capability(OrganisationsModule);
