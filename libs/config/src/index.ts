export * from './ledger-config.js';
export * from './duration.js';
