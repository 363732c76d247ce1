import { Inject, Logger } from '@nestjs/common';
import { Args, Context, ID, Parent, ResolveField, Resolver, Subscription } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';
import type { LedgerConfig } from '@ledger/config';
import { CommitmentTrackerQueries, MeetingsQueries } from '@ledger/projections';
import { Action, toAction } from '../actions/action.model.js';
import { AccessService } from '../access/access.service.js';
import { Access, RequestAccess } from '../access/request-access.js';
import { Commitment, toCommitment } from '../commitments/commitment.model.js';
import { toGraphQLError } from '../graphql/graphql-error.filter.js';
import { LEDGER_CONFIG } from '../ledger/ledger-tokens.js';
import type { AuthenticatedRequest } from '../ledger/command-context.js';
import { Meeting, toMeeting } from '../meetings/meeting.model.js';
import { Inbox } from './inbox.js';
import { PartnershipChange, toPartnershipChange } from './partnership-change.model.js';
import { PartnershipChanges, type LedgerNews, type PartnershipChangeEvent } from './partnership-changes.js';

/** What a subscription sends next: a change, or the error it ends with (grant revoked, reader too slow). */
type Delivery = Readonly<{ change: PartnershipChangeEvent } | { refused: unknown }>;

/** A subscription's context (see subscriptionContext): its loaders and access are renewed for every change it sends. */
type RenewableContext = Readonly<{ req: AuthenticatedRequest; renew?: () => void }>;

/** Changes a subscriber has not yet read before it counts as too slow and its subscription ends. */
const MOST_WAITING = 1000;

@Resolver(() => PartnershipChange)
export class SubscriptionsResolver {
  private readonly logger = new Logger('Subscriptions');

  constructor(
    private readonly changes: PartnershipChanges,
    private readonly access: AccessService,
    private readonly tracker: CommitmentTrackerQueries,
    private readonly meetings: MeetingsQueries,
    @Inject(LEDGER_CONFIG) private readonly config: Pick<LedgerConfig, 'environment'>,
  ) {}

  @Subscription(() => PartnershipChange, {
    description:
      'Each event appended to the partnership’s commitments, actions and meetings, once the read models show it (a query sent on receipt sees it). ' +
      'Whoever may read the partnership, checked when subscribing and again whenever the subscriber’s grants change: a subscriber who may no longer read it gets a FORBIDDEN error and the subscription ends. ' +
      'Over WebSocket (graphql-ws) at /graphql only.',
    resolve(this: SubscriptionsResolver, delivery: Delivery, _args: unknown, context: RenewableContext) {
      // Only what the subscription's own iterator yields (over HTTP a subscription is refused before it runs).
      if (typeof delivery !== 'object' || delivery === null) throw new GraphQLError('Subscriptions are served over WebSocket only', { extensions: { code: 'BAD_USER_INPUT' } });
      if ('refused' in delivery) throw this.errorOf(delivery.refused);
      // A subscription's context lives as long as it does: each change is read with fresh loaders and grants.
      context.renew?.();
      return toPartnershipChange(delivery.change);
    },
  })
  async partnershipChanged(
    @Args('partnershipId', { type: () => ID }) partnershipId: string,
    @Access() access: RequestAccess,
    @Context() context: RenewableContext,
  ): Promise<AsyncIterableIterator<Delivery>> {
    await access.requireRead(partnershipId, `subscribe to partnership ${partnershipId}`);
    const { personId } = access.caller;
    let stop = () => {};
    const inbox = new Inbox<Delivery>(() => stop(), MOST_WAITING, () => ({
      refused: new GraphQLError(`This subscription fell more than ${MOST_WAITING} changes behind and has ended; subscribe again and query what you missed`, {
        extensions: { code: 'SUBSCRIBER_TOO_SLOW' },
      }),
    }));
    // One at a time, in log order: a change after a revocation waits for the re-check, so none slips through.
    let handled = Promise.resolve();
    const handle = async (news: LedgerNews) => {
      if ('change' in news) {
        if (news.change.partnershipId === partnershipId) inbox.push({ change: news.change });
      } else if (news.accessChanged.personId === null || news.accessChanged.personId === personId) {
        try {
          await new RequestAccess(context.req, this.access).requireRead(partnershipId, `read partnership ${partnershipId} any longer`);
        } catch (error) {
          inbox.push({ refused: error });
          inbox.end();
        }
      }
    };
    stop = this.changes.listen((news) => {
      handled = handled.then(() => handle(news));
    });
    return inbox;
  }

  @ResolveField(() => Commitment, { nullable: true, description: 'The commitment, as it now stands, when one changed.' })
  commitment(@Parent() change: PartnershipChange): Commitment | null {
    const row = change.kind === 'COMMITMENT' ? this.tracker.commitment(change.subjectId) : undefined;
    return row ? toCommitment(row) : null;
  }

  @ResolveField(() => Action, { nullable: true, description: 'The action, as it now stands, when one changed.' })
  action(@Parent() change: PartnershipChange): Action | null {
    const row = change.kind === 'ACTION' ? this.tracker.action(change.subjectId) : undefined;
    return row ? toAction(row) : null;
  }

  @ResolveField(() => Meeting, { nullable: true, description: 'The meeting, as it now stands, when one changed.' })
  meeting(@Parent() change: PartnershipChange): Meeting | null {
    const row = change.kind === 'MEETING' ? this.meetings.meeting(change.subjectId) : undefined;
    return row ? toMeeting(row) : null;
  }

  private errorOf(refused: unknown) {
    return toGraphQLError(refused, this.config.environment === 'production', this.logger);
  }
}
