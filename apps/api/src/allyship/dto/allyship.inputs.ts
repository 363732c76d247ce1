import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, IsString, IsUUID, ValidateNested } from 'class-validator';
import { MutationInput, Payload } from '../../graphql/mutation.js';
import { ChangesExistingStream } from '../../graphql/revision.js';
import { AllyshipChallenge, AllyshipCheckIn, AllyshipPairing } from '../allyship.model.js';

@InputType({ description: 'The ally: a known person by `personId`, or a new one by `name` (kept in the personal-data store, never in the log).' })
export class AllyInput {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() personId?: string | null;
  @Field(() => String, { nullable: true, description: 'Personal data: kept outside the event log so it can be erased.' }) @IsOptional() @IsString() name?: string | null;
  @Field(() => ID, { description: 'A member organisation of the partnership, of the VCSE or COMMUNITY sector unless sectorException is given.' })
  @IsUUID()
  organisationId!: string;
}

@InputType()
export class SectorExceptionInput {
  @Field({ description: 'Why an ally from outside VCSE and COMMUNITY.' }) @IsString() reason!: string;
}

@InputType()
export class ProposeAllyshipPairingInput extends MutationInput {
  @Field(() => ID) @IsUUID() partnershipId!: string;
  @Field(() => ID, { description: 'The board member’s seat (Member id).' }) @IsUUID() boardMemberId!: string;
  @Field(() => AllyInput) @ValidateNested() @Type(() => AllyInput) ally!: AllyInput;
  @Field(() => SectorExceptionInput, { nullable: true }) @IsOptional() @ValidateNested() @Type(() => SectorExceptionInput) sectorException?: SectorExceptionInput | null;
  @Field() @IsString() focus!: string;
  @Field(() => [ID], { nullable: true, description: 'Commitments of the board’s work plan the pairing supports.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  commitmentIds?: string[] | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD; the partnership’s today when left out.' }) @IsOptional() @IsString() proposedOn?: string | null;
}

@InputType({ isAbstract: true })
abstract class PairingMove extends ChangesExistingStream {
  @Field(() => ID) @IsUUID() pairingId!: string;
  @Field() @IsString() reason!: string;
}

@InputType()
export class ActivateAllyshipPairingInput extends PairingMove {
  @Field({ description: 'YYYY-MM-DD' }) @IsString() activatedOn!: string;
}

@InputType()
export class PauseAllyshipPairingInput extends PairingMove {
  @Field({ description: 'YYYY-MM-DD' }) @IsString() pausedOn!: string;
}

@InputType()
export class EndAllyshipPairingInput extends PairingMove {
  @Field({ description: 'YYYY-MM-DD' }) @IsString() endedOn!: string;
}

@InputType()
export class ChallengeInput {
  @Field() @IsString() text!: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() commitmentId?: string | null;
  @Field(() => ID, { nullable: true, description: 'An action of the partnership; its commitment is recorded with it.' }) @IsOptional() @IsUUID() actionId?: string | null;
}

@InputType()
export class LogAllyshipCheckInInput extends ChangesExistingStream {
  @Field(() => ID) @IsUUID() pairingId!: string;
  @Field({ description: 'YYYY-MM-DD: the day the pair met or spoke.' }) @IsString() heldOn!: string;
  @Field() @IsString() summary!: string;
  @Field(() => [ChallengeInput], { nullable: true, description: 'Challenges raised; each stays open until answered.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ChallengeInput)
  challenges?: ChallengeInput[] | null;
  @Field(() => [String], { nullable: true }) @IsOptional() @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) followUps?: string[] | null;
}

@InputType()
export class RespondToChallengeInput extends ChangesExistingStream {
  @Field(() => ID) @IsUUID() pairingId!: string;
  @Field(() => ID) @IsUUID() challengeId!: string;
  @Field() @IsString() response!: string;
  @Field({ description: 'YYYY-MM-DD' }) @IsString() respondedOn!: string;
  @Field(() => ID, { nullable: true, description: 'The check-in at which it was answered, if any.' }) @IsOptional() @IsUUID() checkInId?: string | null;
}

@ObjectType()
export class ProposeAllyshipPairingPayload extends Payload({ allyshipPairing: () => AllyshipPairing }) {}
@ObjectType()
export class ActivateAllyshipPairingPayload extends Payload({ allyshipPairing: () => AllyshipPairing }) {}
@ObjectType()
export class PauseAllyshipPairingPayload extends Payload({ allyshipPairing: () => AllyshipPairing }) {}
@ObjectType()
export class EndAllyshipPairingPayload extends Payload({ allyshipPairing: () => AllyshipPairing }) {}
@ObjectType()
export class LogAllyshipCheckInPayload extends Payload({
  allyshipPairing: () => AllyshipPairing,
  checkIn: () => AllyshipCheckIn,
  challenges: { type: () => [AllyshipChallenge], description: 'The challenges raised at this check-in, in the order given.' },
}) {}
@ObjectType()
export class RespondToChallengePayload extends Payload({ allyshipPairing: () => AllyshipPairing, challenge: () => AllyshipChallenge }) {}
