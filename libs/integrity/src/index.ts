export * from './merkle.js';
export * from './checkpoint.js';
export * from './leaf.js';
export * from './merkle-log.js';
