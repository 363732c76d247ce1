export * from './projection-specification.js';
export * from './view-queries.js';
export * from './once-projection.js';
