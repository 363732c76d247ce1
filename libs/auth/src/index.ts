export * from './errors.js';
export * from './token.service.js';
export * from './auth.guard.js';
