import { Module } from '@nestjs/common';
import { PublicPagesQueries, publicPagesProjection } from '@ledger/projections';
import { capability } from '../capability.js';
import { GovukAssetsController, PublicPagesController } from './public-pages.controller.js';

@Module({ controllers: [PublicPagesController, GovukAssetsController] })
export class PublicPagesModule {}

/** The public accountability pages (no login) and the read model of what partnerships have published. */
export const publicPages = capability(PublicPagesModule, { projections: [publicPagesProjection], queries: [PublicPagesQueries] });
