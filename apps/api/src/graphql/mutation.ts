import { Field, InputType, ObjectType } from '@nestjs/graphql';
import type { Type } from '@nestjs/common';
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
abstract class MutationPayload {
  @Field(() => String, { nullable: true, description: 'The clientMutationId you sent, if any.' }) clientMutationId!: string | null;
  @Field({ description: 'Global log position of the last event written.' }) position!: string;
}

type PayloadFieldType = Type<unknown> | [Type<unknown>];
/** A payload field: its type as `@Field` takes it, or that with a description (and, rarely, nullability). */
type PayloadField = (() => PayloadFieldType) | Readonly<{ type: () => PayloadFieldType; description?: string; nullable?: boolean }>;
type ValueOf<T> = T extends [Type<infer Item>] ? Item[] : T extends Type<infer Value> ? Value : never;
type PayloadValue<F> = F extends () => infer T
  ? ValueOf<T>
  : F extends { type: () => infer T; nullable: true }
    ? ValueOf<T> | null
    : F extends { type: () => infer T }
      ? ValueOf<T>
      : never;

/**
 * The base of a mutation's payload: `clientMutationId`, `position` and the objects it changed, e.g.
 * `@ObjectType() class AdoptPriorityPayload extends Payload({ priority: () => Priority }) {}`.
 * Fields are non-null unless marked `nullable`.
 */
export function Payload<const F extends Record<string, PayloadField>>(fields: F) {
  @ObjectType({ isAbstract: true })
  abstract class PayloadType extends MutationPayload {}
  for (const [name, field] of Object.entries(fields)) {
    const { type, ...options } = typeof field === 'function' ? { type: field } : field;
    Field(type, options)(PayloadType.prototype, name);
  }
  return PayloadType as abstract new () => MutationPayload & { -readonly [K in keyof F]: PayloadValue<F[K]> };
}
