import { Module } from '@nestjs/common';
import { capability } from '../capability.js';
import { OrganisationsResolver } from './organisations.resolver.js';
import { RegisterOrganisationHandler } from './register-organisation.handler.js';
import { ORGANISATION_CORRECTION_HANDLERS } from './organisation-corrections.handlers.js';
import { OrganisationMergeCompleter, OrganisationMerges } from './organisation-merges.js';

@Module({ providers: [OrganisationsResolver, RegisterOrganisationHandler, ...ORGANISATION_CORRECTION_HANDLERS, OrganisationMerges, OrganisationMergeCompleter] })
export class OrganisationsModule {}

/** Registered organisations; they are read from the partnership directory. */
export const organisations = capability(OrganisationsModule);
