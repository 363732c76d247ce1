import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { GraphQLUpload, type FileUpload } from 'graphql-upload-minimal';
import { IsBoolean, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { Action } from '../actions/action.model.js';
import { MutationInput, Payload } from '../graphql/mutation.js';
import { IMPORT_MAX_BYTES, type RowOutcomeKind } from './action-log-import.js';

export const ImportRowOutcome = { CREATED: 'CREATED', CHANGED: 'CHANGED', UNCHANGED: 'UNCHANGED', INVALID: 'INVALID', FAILED: 'FAILED' } as const satisfies Record<RowOutcomeKind, RowOutcomeKind>;
registerEnumType(ImportRowOutcome, {
  name: 'ImportRowOutcome',
  description: 'CREATED: a new action planned; CHANGED: rescheduled, reassigned, reopened or updated; UNCHANGED: nothing written; INVALID: refused before writing; FAILED: the ledger refused it while writing.',
});

@InputType({ description: "A board's action log as CSV: the columns of the export (External id, Commitment, Action, Owner, Due date, Status, Update, What more is to be done)." })
export class ImportActionsInput extends MutationInput {
  @Field(() => ID) @IsUUID() partnershipId!: string;
  @Field(() => GraphQLUpload, {
    nullable: true,
    description: `The file, UTF-8 CSV with a header row, sent as a GraphQL multipart request (with an apollo-require-preflight header); at most ${IMPORT_MAX_BYTES} bytes. Give this or csv.`,
  })
  @IsOptional()
  file?: Promise<FileUpload> | null;
  @Field(() => String, { nullable: true, description: `Or the file's text in the JSON body (then LEDGER_MAX_BODY_BYTES bounds it too); at most ${IMPORT_MAX_BYTES} bytes.` })
  @IsOptional()
  @IsString()
  @MaxLength(IMPORT_MAX_BYTES, { message: `csv must be at most ${IMPORT_MAX_BYTES} characters` })
  csv?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Report what would change and write nothing.' }) @IsOptional() @IsBoolean() dryRun?: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'Write the good rows even when some are bad (those are reported, not written).' })
  @IsOptional()
  @IsBoolean()
  skipInvalid?: boolean | null;
}

@ObjectType({ description: 'What is wrong with a row (or the file): where, and the rule it breaks.' })
export class ImportProblem {
  @Field(() => Int, { nullable: true, description: 'The row as a spreadsheet numbers it (the header is 1); null for the file as a whole.' }) row!: number | null;
  @Field(() => String, { nullable: true, description: 'The column header.' }) column!: string | null;
  @Field() rule!: string;
  @Field() message!: string;
}

@ObjectType()
export class ImportedActionRow {
  @Field(() => Int) row!: number;
  @Field() externalId!: string;
  @Field(() => ImportRowOutcome) outcome!: RowOutcomeKind;
  @Field(() => [String], { description: 'What it changed (or, in a dry run, would change), in words.' }) changes!: string[];
  @Field(() => [ImportProblem]) problems!: ImportProblem[];
  @Field(() => Action, { nullable: true, description: 'The action it names, once planned.' }) action!: Action | null;
}

@ObjectType()
export class ImportActionsPayload extends Payload({
  applied: { type: () => Boolean, description: 'True when the import went through (unchanged rows write nothing); false for a dry run, or bad rows without skipInvalid.' },
  dryRun: () => Boolean,
  rows: { type: () => [ImportedActionRow], description: 'One per action row, in file order (at most 5000).' },
  fileProblems: { type: () => [ImportProblem], description: 'Problems of the file as a whole (not CSV, a column missing); then there are no rows.' },
}) {}
