import { Module } from '@nestjs/common';
import { boardViewsProjection, BoardViewsQueries } from '@ledger/projections';
import { capability } from '../capability.js';
import { VIEW_RESOLVERS } from './views.resolver.js';

@Module({ providers: [...VIEW_RESOLVERS] })
export class ViewsModule {}

/** The board views: dashboard, scorecard, priority coverage, sector breakdown and actions across partnerships. */
export const views = capability(ViewsModule, { projections: [boardViewsProjection], queries: [BoardViewsQueries] });
