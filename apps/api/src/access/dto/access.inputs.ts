import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { ROLES, type Role as RoleName } from '@ledger/domain';
import { Role } from '../../graphql/enums.js';
import { MutationInput, Payload } from '../../graphql/mutation.js';
import { ChangesExistingStream } from '../../graphql/revision.js';
import { Grant } from '../grant.model.js';

/** Issuer URLs and token subjects are bounded like any other text a client sends. */
const IDENTITY_MAX_LENGTH = 500;

@InputType({ description: 'The person: by `personId`, or by the `issuer` and `subject` of their token (for someone who has not signed in yet).' })
export class GrantRoleInput extends MutationInput {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() personId?: string | null;
  @Field(() => String, { nullable: true, description: 'The `iss` of their tokens, e.g. the OIDC issuer URL.' })
  @IsOptional()
  @IsString()
  @MaxLength(IDENTITY_MAX_LENGTH)
  issuer?: string | null;
  @Field(() => String, { nullable: true, description: 'The `sub` of their tokens.' }) @IsOptional() @IsString() @MaxLength(IDENTITY_MAX_LENGTH) subject?: string | null;
  @Field(() => Role) @IsIn(ROLES) role!: RoleName;
  @Field(() => ID, { nullable: true, description: 'For SECRETARIAT and AUDITOR (an AUDITOR without one is platform-wide).' })
  @IsOptional()
  @IsUUID()
  partnershipId?: string | null;
  @Field(() => ID, { nullable: true, description: 'For PARTNER.' }) @IsOptional() @IsUUID() organisationId?: string | null;
  @Field({ description: 'Why: kept with the grant for auditors.' }) @IsString() reason!: string;
}

@InputType()
export class RevokeRoleInput extends ChangesExistingStream {
  @Field(() => ID) @IsUUID() grantId!: string;
  @Field({ description: 'Why: kept with the revocation for auditors.' }) @IsString() reason!: string;
}

@ObjectType()
export class GrantRolePayload extends Payload({ grant: () => Grant }) {}

@ObjectType()
export class RevokeRolePayload extends Payload({ grant: () => Grant }) {}
