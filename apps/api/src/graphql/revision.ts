import { Field, InputType } from '@nestjs/graphql';
import { IsOptional, IsString } from 'class-validator';
import { MutationInput } from './mutation.js';

/**
 * Inputs of mutations that change an existing stream. With `expectedRevision`, a stale revision
 * is refused with CONFLICT (and the current revision); without it the server retries on a clash.
 */
@InputType({ isAbstract: true })
export abstract class ChangesExistingStream extends MutationInput {
  @Field(() => String, {
    nullable: true,
    description: 'The revision you last read (`revision` on the object). Stale: CONFLICT with extensions.currentRevision.',
  })
  @IsOptional()
  @IsString()
  expectedRevision?: string | null;
}
