export * from './ledger-config.js';
export * from './duration.js';
export * from './eventstoredb-connection.js';
