export * from './projection-specification.js';
