import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { IsOptional, Max, Min } from 'class-validator';
import type { Type } from '@nestjs/common';
import { ValidationError } from '@ledger/domain';

@ObjectType()
export class PageInfo {
  @Field() hasNextPage!: boolean;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 50, description: 'At most 100.' })
  @Min(1)
  @Max(100)
  first: number = 50;

  @Field(() => String, { nullable: true })
  @IsOptional()
  after?: string | null;
}

/** Cursors are opaque to clients: a kind and a stable sequence number. */
export const encodeCursor = (kind: string, sequence: number) => Buffer.from(`${kind}:${sequence}`).toString('base64url');

export function decodeCursor(kind: string, cursor: string | null | undefined): number {
  if (cursor === undefined || cursor === null) return 0;
  const [decodedKind, sequence] = Buffer.from(cursor, 'base64url').toString().split(':');
  const parsed = Number(sequence);
  if (decodedKind !== kind || !Number.isInteger(parsed) || parsed < 0) {
    throw new ValidationError('after', 'cursor', 'after must be a cursor from an earlier page');
  }
  return parsed;
}

/** A Relay connection type for a node type. */
export function Connection<T>(node: Type<T>) {
  @ObjectType(`${node.name}Edge`)
  class Edge {
    @Field() cursor!: string;
    @Field(() => node) node!: T;
  }

  @ObjectType({ isAbstract: true })
  class ConnectionType {
    @Field(() => [Edge]) edges!: Edge[];
    @Field(() => PageInfo) pageInfo!: PageInfo;
  }
  return ConnectionType;
}

/** Builds a page from rows fetched with one extra row, which says whether another page follows. */
export function toConnection<R extends { sequence: number }, N>(kind: string, rows: R[], first: number, toNode: (row: R) => N) {
  const page = rows.slice(0, first);
  const edges = page.map((row) => ({ cursor: encodeCursor(kind, row.sequence), node: toNode(row) }));
  return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
}
