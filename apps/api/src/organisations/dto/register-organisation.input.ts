import { Field, InputType, ObjectType } from '@nestjs/graphql';
import { IsIn, IsString } from 'class-validator';
import { SECTORS } from '@ledger/domain';
import { Sector } from '../../graphql/enums.js';
import { Organisation } from '../organisation.model.js';

@InputType()
export class RegisterOrganisationInput {
  @Field() @IsString() name!: string;
  @Field(() => Sector) @IsIn(SECTORS) sector!: string;
}

@ObjectType()
export class RegisterOrganisationPayload {
  @Field(() => Organisation) organisation!: Organisation;
  @Field({ description: 'Global log position of the last event written.' }) position!: string;
}
