export * from './meeting.events.js';
export * from './meeting.js';
