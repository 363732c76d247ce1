import { Module } from '@nestjs/common';
import { PartnershipDirectoryQueries, partnershipDirectoryProjection } from '@ledger/projections';
import { capability } from '../capability.js';
import { PARTNERSHIP_HANDLERS } from './partnership.handlers.js';
import { MembersResolver, PartnershipsResolver } from './partnerships.resolver.js';

@Module({ providers: [PartnershipsResolver, MembersResolver, ...PARTNERSHIP_HANDLERS] })
export class PartnershipsModule {}

/** Partnerships, their boards and priorities; the directory read model holds organisations too. */
export const partnerships = capability(PartnershipsModule, { projections: [partnershipDirectoryProjection], queries: [PartnershipDirectoryQueries] });
