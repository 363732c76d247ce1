export * from './shared/actor.js';
export * from './shared/decider.js';
export * from './shared/errors.js';
export * from './shared/rules.js';
export * from './partnerships/partnership.js';
export * from './organisations/organisation.js';
