import { Field, ID, ObjectType } from '@nestjs/graphql';
import { ActionStatus } from '../graphql/enums.js';

@ObjectType({ description: 'Where an action was raised: the meeting, the item and its actionRef.' })
export class RaisedAtMeeting {
  @Field(() => ID) meetingId!: string;
  @Field() itemNumber!: string;
  @Field(() => ID) actionRef!: string;
}

@ObjectType()
export class ProgressUpdate {
  @Field(() => ID) updateId!: string;
  @Field(() => ActionStatus) status!: string;
  @Field({ description: 'The business date it reports as of (its reportedOn), YYYY-MM-DD in the partnership’s calendar.' }) submittedOn!: string;
  @Field() whatHasHappened!: string;
  @Field(() => String, { nullable: true }) whatMoreIsToBeDone!: string | null;
}

@ObjectType()
export class ActionProgress {
  @Field(() => ID) actionId!: string;
  @Field() title!: string;
  @Field({ description: 'YYYY-MM-DD' }) dueDate!: string;
  @Field(() => ActionStatus, { description: 'Its status now.' }) status!: string;
  @Field(() => ID, { nullable: true }) commitmentId!: string | null;
  @Field(() => RaisedAtMeeting, { nullable: true, description: 'Null for an action planned outside a meeting.' }) raisedAt!: RaisedAtMeeting | null;
  @Field(() => [ProgressUpdate], { description: 'Submitted since the previous meeting, up to this one’s day, oldest first.' }) updates!: ProgressUpdate[];
  @Field({ description: 'No update since the previous meeting.' }) silent!: boolean;
}

@ObjectType()
export class OrganisationProgress {
  @Field(() => ID) organisationId!: string;
  @Field(() => [ActionProgress]) actions!: ActionProgress[];
}

@ObjectType({ description: 'The actions a partnership owns: the partnership itself ("ICS") or a place beneath it.' })
export class PartnershipProgress {
  @Field(() => ID) partnershipId!: string;
  @Field(() => [ActionProgress]) actions!: ActionProgress[];
}

@ObjectType({ description: '"Progress against actions of previous meeting": the review boards run every time.' })
export class ProgressSinceLastMeeting {
  @Field(() => ID) meetingId!: string;
  @Field(() => ID) partnershipId!: string;
  @Field({ description: 'The date of this meeting, YYYY-MM-DD.' }) date!: string;
  @Field(() => ID, { nullable: true, description: 'The latest earlier meeting that was held; null at a board’s first.' }) previousMeetingId!: string | null;
  @Field(() => String, { nullable: true }) previousMeetingDate!: string | null;
  @Field(() => [OrganisationProgress], { description: 'Every open action raised at an earlier meeting or due since the previous one, by owning organisation.' })
  organisations!: OrganisationProgress[];
  @Field(() => [PartnershipProgress], { description: 'The same for actions a partnership owns, by owning partnership.' })
  partnerships!: PartnershipProgress[];
}
