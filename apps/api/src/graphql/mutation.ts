import { Field, InputType, ObjectType } from '@nestjs/graphql';
import { IsOptional, IsString, Matches } from 'class-validator';

/** Every mutation's input: an optional key that makes a retry safe. */
@InputType({ isAbstract: true })
export abstract class MutationInput {
  @Field(() => String, {
    nullable: true,
    description:
      'Your key for this change (1–100 letters, digits, ".", "_", ":" or "-"). A retry with the same key returns the first result and writes nothing.',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9._:-]{1,100}$/, { message: 'clientMutationId must be 1 to 100 letters, digits, ".", "_", ":" or "-"' })
  clientMutationId?: string | null;
}

/** What every mutation answers besides the changed object. */
@ObjectType({ isAbstract: true })
export abstract class MutationPayload {
  @Field(() => String, { nullable: true, description: 'The clientMutationId you sent, if any.' }) clientMutationId!: string | null;
  @Field({ description: 'Global log position of the last event written.' }) position!: string;
}
