import { ArgsType, Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { IsOptional } from 'class-validator';
import { Connection } from '../graphql/connection.js';

@ObjectType({ description: 'A signed tree head of the global log (RFC 6962). The signature is Ed25519 over the checkpoint text described in the README.' })
export class Checkpoint {
  @Field(() => Int, { description: 'Number of events (leaves) in the tree.' }) treeSize!: number;
  @Field(() => ID, { description: 'Global position of the last event in the tree.' }) position!: string;
  @Field({ description: 'Lower-case hex of the Merkle Tree Hash.' }) rootHash!: string;
  @Field({ description: 'ISO 8601 instant the checkpoint was signed.' }) time!: string;
  @Field({ description: 'First 8 bytes (hex) of SHA-256 over the raw Ed25519 public key.' }) keyId!: string;
  @Field({ description: 'Base64 Ed25519 signature.' }) signature!: string;
}

@ObjectType()
export class CheckpointConnection extends Connection(Checkpoint) {}

@ObjectType({ description: 'The RFC 6962 audit path: with leafHash it folds to rootHash of the tree of treeSize events.' })
export class InclusionProof {
  @Field(() => ID) position!: string;
  @Field(() => Int, { description: 'The event\'s leaf index: its place in the log, from 0.' }) leafIndex!: number;
  @Field(() => Int) treeSize!: number;
  @Field({ description: 'SHA-256(0x00 || the event\'s hash bytes), hex.' }) leafHash!: string;
  @Field() rootHash!: string;
  @Field(() => [String], { description: 'Sibling hashes, leaf first, hex.' }) proof!: string[];
}

@ObjectType({ description: 'The RFC 6962 proof that the tree of fromTreeSize events is a prefix of the tree of toTreeSize.' })
export class ConsistencyProof {
  @Field(() => Int) fromTreeSize!: number;
  @Field(() => Int) toTreeSize!: number;
  @Field() fromRootHash!: string;
  @Field() toRootHash!: string;
  @Field(() => [String], { description: 'Hex hashes, in the order RFC 9162 §2.1.4.2 verifies them.' }) proof!: string[];
}

@ArgsType()
export class InclusionProofArgs {
  @Field(() => ID, { description: 'The event\'s global position.' }) position!: string;

  @Field(() => Int, { nullable: true, description: 'The tree to prove against; defaults to the latest checkpoint\'s.' })
  @IsOptional()
  treeSize?: number | null;
}

@ArgsType()
export class ConsistencyProofArgs {
  @Field(() => Int) fromTreeSize!: number;

  @Field(() => Int, { nullable: true, description: 'Defaults to the latest checkpoint\'s tree size.' })
  @IsOptional()
  toTreeSize?: number | null;
}
