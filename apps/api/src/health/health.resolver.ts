import { Inject } from '@nestjs/common';
import { Context, Field, Int, ObjectType, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';
import { Public } from '../access/auth.guard.js';
import type { AuthenticatedRequest } from '../ledger/command-context.js';
import { EVENT_STORE, type EventStore, type Position } from '@ledger/event-store';
import { ProjectionRunner } from '@ledger/projections';
import { Readiness } from './readiness.js';

/** `lag` counts this far and one more: counting on EventStoreDB reads the events it counts. */
export const HEALTH_LAG_LIMIT = 1000;

@ObjectType()
class StoreHealth {
  @Field({ description: '"sqlite" (embedded) or "eventstoredb".' }) kind!: string;
  @Field() reachable!: boolean;
  @Field(() => String, { nullable: true, description: 'Position of the last event in the log.' }) headPosition!: string | null;
}

@ObjectType()
class ProjectionHealth {
  @Field() name!: string;
  @Field(() => String, { nullable: true, description: 'Position of the last event this read model has processed.' }) checkpoint!: Position | null;
  @Field(() => String, { nullable: true, description: 'Why the last batch failed, while the read model retries; null when it runs.' })
  lastError!: string | null;
}

@ObjectType({ description: 'Open without a token: anonymous callers may read `status` only; `store` and `projections` need a bearer token.' })
class Health {
  @Field({ description: '"ok" when the store answers and no projection is failing, otherwise "degraded".' }) status!: string;
  reachable!: boolean;
}

type GraphQLContext = { req: AuthenticatedRequest };

/** Details name the store and carry error text: only for a caller with a valid token. */
function requireCaller(context: GraphQLContext, field: string) {
  if (context.req.caller) return;
  // Field resolvers run without the exception filter, so the error is given its code here.
  throw new GraphQLError(`health.${field} needs a bearer token; without one, health shows status only`, { extensions: { code: 'UNAUTHENTICATED' } });
}

@Resolver(() => Health)
export class HealthResolver {
  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    private readonly runner: ProjectionRunner,
    private readonly readiness: Readiness,
  ) {}

  @Public()
  @Query(() => Health, { description: 'Open without a token. Load balancers and Kubernetes use GET /healthz and GET /readyz instead.' })
  async health(): Promise<Health> {
    const reachable = await this.readiness.storeReachable();
    const healthy = reachable && this.runner.status().every((projection) => projection.lastError === null);
    return { status: healthy ? 'ok' : 'degraded', reachable };
  }

  @ResolveField(() => StoreHealth, { nullable: true, description: 'Needs a bearer token.' })
  async store(@Parent() health: Health, @Context() context: GraphQLContext): Promise<StoreHealth> {
    requireCaller(context, 'store');
    const headPosition = health.reachable ? await this.readiness.headPosition() : null;
    return { kind: this.eventStore.kind, reachable: health.reachable, headPosition };
  }

  @ResolveField(() => [ProjectionHealth], { nullable: true, description: 'Needs a bearer token.' })
  projections(@Context() context: GraphQLContext): ProjectionHealth[] {
    requireCaller(context, 'projections');
    return this.runner.status();
  }
}

@Resolver(() => ProjectionHealth)
export class ProjectionHealthResolver {
  constructor(private readonly readiness: Readiness) {}

  @ResolveField(() => Int, {
    description: `Events in the log not yet processed, counted up to ${HEALTH_LAG_LIMIT}: ${HEALTH_LAG_LIMIT + 1} means "more than ${HEALTH_LAG_LIMIT}". 0 while the store does not answer within its deadline.`,
  })
  async lag(@Parent() projection: ProjectionHealth): Promise<number> {
    const lags = await this.readiness.lag(HEALTH_LAG_LIMIT + 1);
    return lags?.get(projection.name) ?? 0;
  }
}
