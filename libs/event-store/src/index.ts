export * from './event-store.js';
export * from './errors.js';
export * from './command-handling.js';
export * from './sqlite/sqlite-event-store.js';
export * from './sqlite/migrate-legacy-actors.js';
export * from './create-event-store.js';
export * from './eventstoredb/eventstoredb-event-store.js';
