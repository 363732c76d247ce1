export * from './event-store.contract.js';
// The in-memory EventStoreDB cluster, with faults to inject, for tests of anything built on the adapter.
export * from '../eventstoredb/testing/faulty-eventstoredb.js';
export * from './counter.js';
