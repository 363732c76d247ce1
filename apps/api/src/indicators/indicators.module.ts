import { Module } from '@nestjs/common';
import { IndicatorReadingsQueries, indicatorReadingsProjection } from '@ledger/projections';
import { capability } from '../capability.js';
import { INDICATOR_HANDLERS } from './indicator.handlers.js';
import { IndicatorsResolver } from './indicators.resolver.js';

@Module({ providers: [IndicatorsResolver, ...INDICATOR_HANDLERS] })
export class IndicatorsModule {}

/** Indicators on commitments and their readings. */
export const indicators = capability(IndicatorsModule, { projections: [indicatorReadingsProjection], queries: [IndicatorReadingsQueries] });
