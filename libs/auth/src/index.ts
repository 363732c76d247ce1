export * from './errors.js';
export * from './token.service.js';
