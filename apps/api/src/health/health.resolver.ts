import { Inject } from '@nestjs/common';
import { Field, Int, ObjectType, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Public } from '@ledger/auth';
import { EVENT_STORE, type EventStore, type Position } from '@ledger/event-store';
import { ProjectionRunner } from '@ledger/projections';

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
  @Field(() => String, { nullable: true }) lastError!: string | null;
}

@ObjectType()
class Health {
  @Field({ description: '"ok" when the store answers and no projection is failing, otherwise "degraded".' }) status!: string;
  @Field(() => StoreHealth) store!: StoreHealth;
  @Field(() => [ProjectionHealth]) projections!: ProjectionHealth[];
}

@Resolver()
export class HealthResolver {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly runner: ProjectionRunner,
  ) {}

  @Public()
  @Query(() => Health, { description: 'Open without a token, for load balancers and readiness probes.' })
  async health(): Promise<Health> {
    const reachable = await this.store.ping().then(
      () => true,
      () => false,
    );
    const headPosition = reachable ? await this.store.headPosition() : null;
    const projections = this.runner.status();
    const healthy = reachable && projections.every((projection) => projection.lastError === null);
    return { status: healthy ? 'ok' : 'degraded', store: { kind: this.store.kind, reachable, headPosition }, projections };
  }
}

@Resolver(() => ProjectionHealth)
export class ProjectionHealthResolver {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** Counted only when asked for: on EventStoreDB counting reads every unprocessed event. */
  @ResolveField(() => Int, { description: 'Events in the log not yet processed (0 while the store is unreachable).' })
  async lag(@Parent() projection: ProjectionHealth): Promise<number> {
    return this.store.countEventsAfter(projection.checkpoint ?? undefined).catch(() => 0);
  }
}
