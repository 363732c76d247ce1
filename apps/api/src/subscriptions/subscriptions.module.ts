import { Module } from '@nestjs/common';
import { capability } from '../capability.js';
import { PartnershipChanges } from './partnership-changes.js';
import { SubscriptionsResolver } from './subscriptions.resolver.js';

@Module({ providers: [PartnershipChanges, SubscriptionsResolver] })
export class SubscriptionsModule {}

/** GraphQL subscriptions over WebSocket: a partnership's changes as they are appended (README, "Subscriptions"). */
export const subscriptions = capability(SubscriptionsModule);
