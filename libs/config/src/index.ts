export * from './ledger-config.js';
