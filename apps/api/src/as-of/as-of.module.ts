import { Global, Module } from '@nestjs/common';
import { capability } from '../capability.js';
import { AsOfReadModels } from './as-of-read-models.js';
import { AsOfResolver } from './as-of.resolver.js';

/** Global: the dashboard, commitment and meeting resolvers fold as of a point through its service. */
@Global()
@Module({ providers: [AsOfReadModels, AsOfResolver], exports: [AsOfReadModels] })
export class AsOfModule {}

/** Reading as of a point of the log, and what changed between two (folds of the same projections the live read models run). */
export const asOf = capability(AsOfModule);
