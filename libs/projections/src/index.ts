export * from './projection.js';
export * from './projection-runner.js';
export * from './read-model-database.js';
export * from './directory/partnership-directory.projection.js';
export * from './directory/partnership-directory.queries.js';

import { partnershipDirectoryProjection } from './directory/partnership-directory.projection.js';

/** Every read model the service keeps; the API runs them and the CLI rebuilds them. */
export const ALL_PROJECTIONS = [partnershipDirectoryProjection] as const;
