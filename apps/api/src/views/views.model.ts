import { ArgsType, Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsUUID, Max, Min, ValidateNested } from 'class-validator';
import { ACTION_STATUSES, BOARD_SETTING_MAX_DAYS, RAGS, requireCalendarDate, type ActionStatus as Status, type Rag as RagValue } from '@ledger/domain';
import type { ActionFigures, ActionFilter, ActionOrder as Order, BoardSettingsRow } from '@ledger/projections';
import { ActionStatus, CommitmentStatus, Sector } from '../graphql/enums.js';
import { Connection, PageArgs } from '../graphql/connection.js';
import { Priority } from '../partnerships/models/priority.model.js';

export const Rag = Object.fromEntries(RAGS.map((rag) => [rag, rag])) as { [K in RagValue]: K };
registerEnumType(Rag, {
  name: 'Rag',
  description:
    'An action’s traffic light today. RED: OFF_TRACK or overdue. AMBER: AT_RISK, NOT_STARTED and due within the amber window, or COMPLETED late. ' +
    'GREEN: ON_TRACK, or COMPLETED by its due date. GREY: NOT_STARTED and not due soon. A CANCELLED action, or one left open under a closed commitment, has none.',
});

export const ActionOrder = { DUE_DATE_ASC: 'DUE_DATE_ASC', DUE_DATE_DESC: 'DUE_DATE_DESC' } as const satisfies Record<Order, Order>;
registerEnumType(ActionOrder, { name: 'ActionOrder', description: 'By due date, then id (ties keep a stable order).' });

@ObjectType({ description: 'The thresholds of a partnership’s board views, in days.' })
export class BoardSettings {
  @Field(() => Int, { description: 'A NOT_STARTED action due within this many days is AMBER.' }) amberWithinDays!: number;
  @Field(() => Int, { description: 'An open action with no update for this many days is silent.' }) silentAfterDays!: number;
  @Field(() => Int, { description: 'Open actions due within this many days are due soon.' }) dueSoonDays!: number;
}

export const toBoardSettings = ({ amberWithinDays, silentAfterDays, dueSoonDays }: BoardSettingsRow): BoardSettings => ({ amberWithinDays, silentAfterDays, dueSoonDays });

@ObjectType({ description: 'How many actions show each light; `none` counts those without one (cancelled, or under a closed commitment).' })
export class RagMix {
  @Field(() => Int) green!: number;
  @Field(() => Int) amber!: number;
  @Field(() => Int) red!: number;
  @Field(() => Int) grey!: number;
  @Field(() => Int) none!: number;
}

@ObjectType()
export class ActionStatusCount {
  @Field(() => ActionStatus) status!: Status;
  @Field(() => Int) count!: number;
}

@ObjectType()
export class CommitmentStatusCount {
  @Field(() => CommitmentStatus) status!: string;
  @Field(() => Int) count!: number;
}

@ObjectType({ description: 'Figures over a set of actions, as of the partnership’s today.' })
export class ActionSummary {
  @Field(() => Int) total!: number;
  @Field(() => [ActionStatusCount], { description: 'Every status, in lifecycle order, zero counts included.' }) byStatus!: ActionStatusCount[];
  @Field(() => RagMix) byRag!: RagMix;
  @Field(() => Int, { description: 'Open and past the due date.' }) overdue!: number;
  @Field(() => Int, { description: 'Open and due from today to dueSoonDays ahead.' }) dueSoon!: number;
  @Field(() => Int, { description: 'Open with no update (or, never updated, no planning) for silentAfterDays or more.' }) silent!: number;
  @Field(() => Int) completed!: number;
  @Field(() => Int, { description: 'Completed on or before the due date.' }) completedOnTime!: number;
  @Field(() => Float, { nullable: true, description: 'completedOnTime / completed; null when none is completed.' }) completedOnTimeShare!: number | null;
  @Field(() => String, { nullable: true, description: 'The latest business date an update reported on, YYYY-MM-DD.' }) lastReportedOn!: string | null;
  @Field(() => Int, { nullable: true, description: 'Days from lastReportedOn to today; null when nothing was ever reported.' }) daysSinceLastUpdate!: number | null;
}

export function toActionSummary(figures: ActionFigures, daysSince: (date: string) => number): ActionSummary {
  const { byRag } = figures;
  return {
    ...figures,
    byRag: { green: byRag.GREEN, amber: byRag.AMBER, red: byRag.RED, grey: byRag.GREY, none: byRag.none },
    completedOnTimeShare: figures.completed === 0 ? null : figures.completedOnTime / figures.completed,
    daysSinceLastUpdate: figures.lastReportedOn === null ? null : daysSince(figures.lastReportedOn),
  };
}

/** What every view of one partnership carries: the partnership and the day it is judged on. */
@ObjectType({ isAbstract: true })
abstract class PartnershipView {
  @Field({ description: 'The partnership’s calendar date the figures are judged on, YYYY-MM-DD.' }) today!: string;
  @Field(() => BoardSettings) settings!: BoardSettings;
  partnershipId!: string;
}

@ObjectType({ description: 'What a secretariat opens before a meeting.' })
export class Dashboard extends PartnershipView {
  @Field(() => [CommitmentStatusCount], { description: 'Statuses with at least one commitment.' }) commitmentsByStatus!: CommitmentStatusCount[];
  @Field(() => ActionSummary) actionSummary!: ActionSummary;
  @Field(() => Int, { description: 'Allyship challenges not yet answered.' }) openChallengeCount!: number;
}

@ObjectType({ description: 'One organisation’s record within a partnership.' })
export class OrganisationScorecard extends PartnershipView {
  @Field(() => [CommitmentStatusCount], { description: 'Of the commitments it owns.' }) commitmentsByStatus!: CommitmentStatusCount[];
  @Field(() => ActionSummary, { description: 'Of the actions it owns here.' }) actionSummary!: ActionSummary;
  organisationId!: string;
}

@ObjectType({ description: 'An adopted priority with what is linked to it; `gap` when no active commitment serves it.' })
export class PriorityCoverage {
  @Field(() => Priority) priority!: Priority;
  @Field(() => Int) commitmentCount!: number;
  @Field(() => Int) activeCommitmentCount!: number;
  @Field({ description: 'No active commitment serves it: a gap is news.' }) gap!: boolean;
  @Field(() => ActionSummary, { description: 'Of the actions under its commitments.' }) actionSummary!: ActionSummary;
}

@ObjectType()
export class PriorityCoverageConnection extends Connection(PriorityCoverage) {}

@ObjectType({ description: 'The actions of one sector’s organisations; `sector` is null for actions a partnership owns.' })
export class SectorSummary {
  @Field(() => Sector, { nullable: true }) sector!: string | null;
  @Field(() => ActionSummary) actionSummary!: ActionSummary;
}

@ObjectType({ description: 'The actions of one owner: an organisation, or a partnership (the partnership itself or one beneath it).' })
export class OwnerSummary {
  @Field(() => ActionSummary) actionSummary!: ActionSummary;
  owningOrganisationId!: string | null;
  owningPartnershipId!: string | null;
}

@ObjectType()
export class OwnerSummaryConnection extends Connection(OwnerSummary) {}

@ObjectType({ description: 'The RAG mix per sector of the owning organisations.' })
export class SectorBreakdown extends PartnershipView {
  @Field(() => [SectorSummary], { description: 'Every sector in a fixed order, then partnership-owned actions; empty ones included.' }) sectors!: SectorSummary[];
}

@InputType({ description: 'Every field narrows: they combine with AND.' })
export class ActionFilterInput implements ActionFilter {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() partnershipId?: string | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() owningOrganisationId?: string | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() owningPartnershipId?: string | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() commitmentId?: string | null;
  @Field(() => ActionStatus, { nullable: true }) @IsOptional() @IsIn(ACTION_STATUSES) status?: Status | null;
  @Field(() => Rag, { nullable: true }) @IsOptional() @IsIn(RAGS) rag?: RagValue | null;
  @Field(() => String, { nullable: true, description: 'Due on or before, YYYY-MM-DD.' }) @IsOptional() dueBefore?: string | null;
  @Field(() => String, { nullable: true, description: 'Due on or after, YYYY-MM-DD.' }) @IsOptional() dueAfter?: string | null;
  @Field(() => Int, { nullable: true, description: `Open with no update for at least this many days (1 to ${BOARD_SETTING_MAX_DAYS * 10}).` })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(BOARD_SETTING_MAX_DAYS * 10)
  silentForDays?: number | null;
  @Field(() => ID, { nullable: true, description: 'Raised at this meeting.' }) @IsOptional() @IsUUID() meetingId?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'true: only overdue actions; false: only those not overdue.' }) @IsOptional() @IsBoolean() overdue?: boolean | null;
  @Field(() => Int, { nullable: true, description: `Open and due from today to this many days ahead (0 to ${BOARD_SETTING_MAX_DAYS}).` })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(BOARD_SETTING_MAX_DAYS)
  dueWithinDays?: number | null;
}

/** The filter's dates checked, each error naming its field. */
export function checkedFilter(filter: ActionFilterInput | null | undefined): ActionFilter {
  const checked = { ...filter };
  if (checked.dueBefore) requireCalendarDate('filter.dueBefore', checked.dueBefore);
  if (checked.dueAfter) requireCalendarDate('filter.dueAfter', checked.dueAfter);
  return checked;
}

@ArgsType()
export class ActionsArgs extends PageArgs {
  @Field(() => ActionFilterInput, { nullable: true }) @IsOptional() @ValidateNested() @Type(() => ActionFilterInput) filter?: ActionFilterInput | null;
  @Field(() => ActionOrder, { defaultValue: 'DUE_DATE_ASC' }) @IsIn(Object.keys(ActionOrder)) orderBy: Order = 'DUE_DATE_ASC';
}

@ArgsType()
export class PartnershipViewArgs {
  @Field(() => ID) @IsUUID() partnershipId!: string;
}

@ArgsType()
export class ScorecardArgs extends PartnershipViewArgs {
  @Field(() => ID) @IsUUID() organisationId!: string;
}

@ArgsType()
export class PriorityCoverageArgs extends PageArgs {
  @Field(() => ID) @IsUUID() partnershipId!: string;
}
