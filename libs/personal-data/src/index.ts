export * from './personal-data-store.js';
