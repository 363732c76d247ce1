import { Field, InputType, ObjectType } from '@nestjs/graphql';
import { IsIn, IsString } from 'class-validator';
import { SECTORS } from '@ledger/domain';
import { Sector } from '../../graphql/enums.js';
import { Organisation } from '../organisation.model.js';
import { MutationInput, Payload } from '../../graphql/mutation.js';

@InputType()
export class RegisterOrganisationInput extends MutationInput {
  @Field() @IsString() name!: string;
  @Field(() => Sector) @IsIn(SECTORS) sector!: string;
}

@ObjectType()
export class RegisterOrganisationPayload extends Payload({ organisation: () => Organisation }) {}
