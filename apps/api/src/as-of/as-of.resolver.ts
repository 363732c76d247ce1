import { Inject } from '@nestjs/common';
import { Args, ArgsType, Field, ID, Query, Resolver } from '@nestjs/graphql';
import { IsUUID, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { NotFoundError, ValidationError } from '@ledger/domain';
import { EVENT_STORE, type EventStore, type Position } from '@ledger/event-store';
import { BoardViewsQueries } from '@ledger/projections';
import { Access, type RequestAccess } from '../access/request-access.js';
import { AsAtInput } from './as-at.input.js';
import { AsOfReadModels } from './as-of-read-models.js';
import { ChangesBetween, changesBetween } from './changes-between.js';
import { AuditReads } from '../history/audit-reads.js';

@ArgsType()
class ChangesBetweenArgs {
  @Field(() => ID) @IsUUID() partnershipId!: string;
  @Field(() => AsAtInput, { description: 'The earlier point.' }) @ValidateNested() @Type(() => AsAtInput) from!: AsAtInput;
  @Field(() => AsAtInput, { description: 'The later point.' }) @ValidateNested() @Type(() => AsAtInput) to!: AsAtInput;
}

@Resolver(() => ChangesBetween)
export class AsOfResolver {
  constructor(
    private readonly asOf: AsOfReadModels,
    private readonly views: BoardViewsQueries,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly auditReads: AuditReads,
  ) {}

  @Query(() => ChangesBetween, {
    description:
      'What changed in a partnership between two points of the log: commitments made, amended or closed, action status and RAG moves, reschedules and ' +
      'reassignments with their reasons, deadlines missed in between. Its AUDITOR or SECRETARIAT.',
  })
  async changesBetween(@Args() { partnershipId, from, to }: ChangesBetweenArgs, @Access() access: RequestAccess): Promise<ChangesBetween> {
    await this.auditReads.record(access, partnershipId, 'CHANGES_BETWEEN', partnershipId);
    const settings = this.views.settingsOf([partnershipId])[0];
    if (!settings) throw new NotFoundError('Partnership', partnershipId, 'partnershipId');
    const [earlier, later] = [await this.asOf.at(from, 'from'), await this.asOf.at(to, 'to')];
    if (this.store.comparePositions(earlier.position as Position, later.position as Position) > 0 || earlier.at.getTime() > later.at.getTime()) {
      throw new ValidationError('to', 'notBeforeFrom', 'to must be the same point as from or a later one');
    }
    return changesBetween(this.store, partnershipId, settings.timeZone, earlier, later);
  }
}
