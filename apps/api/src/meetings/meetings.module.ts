import { Module } from '@nestjs/common';
import { MeetingsQueries, meetingsProjection } from '@ledger/projections';
import { ActionPlans } from '../actions/action-plans.js';
import { capability } from '../capability.js';
import { MEETING_HANDLERS } from './meeting.handlers.js';
import { MeetingsResolver } from './meetings.resolver.js';

@Module({ providers: [MeetingsResolver, ActionPlans, ...MEETING_HANDLERS] })
export class MeetingsModule {}

/** Board meetings, their attendance and minutes. */
export const meetings = capability(MeetingsModule, { projections: [meetingsProjection], queries: [MeetingsQueries] });
