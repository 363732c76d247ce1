export * from './meeting.events.js';
export * from './meeting.js';
export * from './progress.js';
