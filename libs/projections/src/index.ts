export * from './projection.js';
export * from './projection-runner.js';
export * from './checkpoints.js';
export * from './read-model-database.js';
export type { Page, Paged } from './statements.js';
export * from './read-model-lock.js';
export * from './directory/partnership-directory.projection.js';
export * from './directory/partnership-directory.queries.js';
export * from './commitments/commitment-tracker.projection.js';
export * from './commitments/commitment-tracker.queries.js';
export * from './indicators/indicator-readings.projection.js';
export * from './indicators/indicator-readings.queries.js';
export * from './access/access-grants.projection.js';
export * from './access/access-grants.queries.js';

import { commitmentTrackerProjection } from './commitments/commitment-tracker.projection.js';
import { partnershipDirectoryProjection } from './directory/partnership-directory.projection.js';
import { indicatorReadingsProjection } from './indicators/indicator-readings.projection.js';
import { accessGrantsProjection } from './access/access-grants.projection.js';

/** Every read model the service keeps; the API runs them and the CLI rebuilds them. */
export const ALL_PROJECTIONS = [partnershipDirectoryProjection, commitmentTrackerProjection, indicatorReadingsProjection, accessGrantsProjection] as const;
