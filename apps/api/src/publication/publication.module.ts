import { Module } from '@nestjs/common';
import { PublicationQueries, publicationProjection } from '@ledger/projections';
import { capability } from '../capability.js';
import { PUBLICATION_HANDLERS } from './publication.handlers.js';
import { PUBLICATION_RESOLVERS } from './publication.resolver.js';

@Module({ providers: [...PUBLICATION_RESOLVERS, ...PUBLICATION_HANDLERS] })
export class PublicationModule {}

/** Publication settings, publishing commitments, updates and minutes, and the annual assessment returns. */
export const publication = capability(PublicationModule, { projections: [publicationProjection], queries: [PublicationQueries] });
