import { Module } from '@nestjs/common';
import { AllyshipPairingsQueries, allyshipPairingsProjection } from '@ledger/projections';
import { capability } from '../capability.js';
import { ALLYSHIP_HANDLERS } from './allyship.handlers.js';
import { AllyResolver, AllyshipResolver, CommitmentAllyshipResolver } from './allyship.resolver.js';

@Module({ providers: [AllyshipResolver, AllyResolver, CommitmentAllyshipResolver, ...ALLYSHIP_HANDLERS] })
export class AllyshipModule {}

/** Allyship pairings: a board member and an ally, their check-ins and the challenges raised at them. */
export const allyship = capability(AllyshipModule, { projections: [allyshipPairingsProjection], queries: [AllyshipPairingsQueries] });
