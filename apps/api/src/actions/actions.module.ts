import { Module } from '@nestjs/common';
import { capability } from '../capability.js';
import { ACTION_HANDLERS } from './action.handlers.js';
import { ActionOwners } from './action-owners.js';
import { ActionPlanCompleter, ActionPlans } from './action-plans.js';
import { ActionsResolver, ActionUpdatesResolver } from './actions.resolver.js';

@Module({ providers: [ActionsResolver, ActionUpdatesResolver, ActionPlans, ActionPlanCompleter, ActionOwners, ...ACTION_HANDLERS] })
export class ActionsModule {}

/** Actions under commitments and their updates; they are read from the commitment tracker. */
export const actions = capability(ActionsModule);
