import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID } from 'class-validator';
import { SECTORS } from '@ledger/domain';
import { Sector } from '../../graphql/enums.js';
import { Organisation } from '../organisation.model.js';
import { MutationInput, Payload } from '../../graphql/mutation.js';

const ALLOW_DUPLICATE_NAME =
  'A name that matches a registered organisation once case, spaces, punctuation and "&"/"and" are set aside is refused (BAD_USER_INPUT, rule duplicateName, naming it) unless this is true.';

@InputType()
export class RegisterOrganisationInput extends MutationInput {
  @Field() @IsString() name!: string;
  @Field(() => Sector) @IsIn(SECTORS) sector!: string;
  @Field({ defaultValue: false, description: ALLOW_DUPLICATE_NAME }) @IsOptional() @IsBoolean() allowDuplicateName: boolean = false;
}

@ObjectType()
export class RegisterOrganisationPayload extends Payload({ organisation: () => Organisation }) {}

@InputType()
export class RenameOrganisationInput extends MutationInput {
  @Field(() => ID) @IsUUID() organisationId!: string;
  @Field() @IsString() name!: string;
  @Field({ description: 'Why, e.g. "Trust renamed after the 2024 merger"; kept with the old name.' }) @IsString() reason!: string;
  @Field({ defaultValue: false, description: ALLOW_DUPLICATE_NAME }) @IsOptional() @IsBoolean() allowDuplicateName: boolean = false;
}

@ObjectType()
export class RenameOrganisationPayload extends Payload({ organisation: () => Organisation }) {}

@InputType()
export class MergeOrganisationsInput extends MutationInput {
  @Field(() => ID, { description: 'The organisation that stays.' }) @IsUUID() survivorId!: string;
  @Field(() => ID, { description: 'The one registered twice: it shows as merged into the survivor from then on.' }) @IsUUID() duplicateId!: string;
  @Field() @IsString() reason!: string;
}

@ObjectType()
export class MergeOrganisationsPayload extends Payload({
  organisation: { type: () => Organisation, description: 'The survivor, with the duplicate’s memberships and open actions.' },
}) {}
