import { Module } from '@nestjs/common';
import { CommitmentTrackerQueries, commitmentTrackerProjection } from '@ledger/projections';
import { capability } from '../capability.js';
import { COMMITMENT_HANDLERS } from './commitment.handlers.js';
import { CommitmentsResolver } from './commitments.resolver.js';

@Module({ providers: [CommitmentsResolver, ...COMMITMENT_HANDLERS] })
export class CommitmentsModule {}

/** Commitments; the tracker read model holds their actions and updates too. */
export const commitments = capability(CommitmentsModule, { projections: [commitmentTrackerProjection], queries: [CommitmentTrackerQueries] });
