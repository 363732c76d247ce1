import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { IsOptional, Max, Min } from 'class-validator';
import type { Type } from '@nestjs/common';
import { ValidationError } from '@ledger/domain';
import type { Page } from '@ledger/projections';

export const MAX_PAGE_SIZE = 100;

@ObjectType()
export class PageInfo {
  @Field() hasNextPage!: boolean;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 50, description: `At most ${MAX_PAGE_SIZE}.` })
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first: number = 50;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page.' })
  @IsOptional()
  after?: string | null;
}

/** Cursors are opaque to clients: a kind and a position in the list's order. */
export const encodeCursor = (kind: string, sequence: number) => Buffer.from(`${kind}:${sequence}`).toString('base64url');

export function decodeCursor(kind: string, cursor: string | null | undefined): number {
  if (cursor === undefined || cursor === null) return 0;
  const [decodedKind, sequence, ...rest] = Buffer.from(cursor, 'base64url').toString().split(':');
  const parsed = Number(sequence);
  if (decodedKind !== kind || rest.length > 0 || !/^[0-9]+$/.test(sequence ?? '') || !Number.isSafeInteger(parsed)) {
    throw new ValidationError('after', 'cursor', 'after must be a cursor from an earlier page');
  }
  return parsed;
}

/** The read-model page a client's arguments ask for, with the one extra row that tells whether more follow. */
export const pageOf = (kind: string, { first, after }: PageArgs): Page => ({ afterSequence: decodeCursor(kind, after), limit: first + 1 });

/** A Relay connection type for a node type, with GitHub's `nodes` shortcut and `totalCount`. */
export function Connection<T>(node: Type<T>) {
  @ObjectType(`${node.name}Edge`)
  class Edge {
    @Field() cursor!: string;
    @Field(() => node) node!: T;
  }

  @ObjectType({ isAbstract: true })
  class ConnectionType {
    @Field(() => [Edge]) edges!: Edge[];
    @Field(() => [node], { description: 'The nodes of `edges`, for a client that needs no cursors.' }) nodes!: T[];
    @Field(() => PageInfo) pageInfo!: PageInfo;
    @Field(() => Int, { description: 'How many there are across every page.' }) totalCount!: number;
  }
  return ConnectionType;
}

/** Builds a page from rows fetched with one extra row (`pageOf`), which says whether another page follows. */
export function toConnection<Row, N>(
  kind: string,
  { first }: PageArgs,
  { rows, totalCount }: Readonly<{ rows: readonly (Row & { sequence: number })[]; totalCount: number }>,
  toNode: (row: Row) => N,
) {
  const page = rows.slice(0, first);
  const edges = page.map((row) => ({ cursor: encodeCursor(kind, row.sequence), node: toNode(row) }));
  return {
    edges,
    nodes: edges.map((edge) => edge.node),
    pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount,
  };
}

/** A connection whose rows come from a (batched) load of the page the arguments ask for. */
export async function loadConnection<Row, N>(
  kind: string,
  args: PageArgs,
  load: (page: Page) => Promise<Readonly<{ rows: readonly (Row & { sequence: number })[]; totalCount: number }>>,
  toNode: (row: Row) => N,
) {
  return toConnection(kind, args, await load(pageOf(kind, args)), toNode);
}

/** A page of a list held as ids on its parent (e.g. a commitment's contributing organisations). */
export async function connectionOfIds<N>(kind: string, args: PageArgs, ids: readonly string[], load: (ids: string[]) => Promise<(N | undefined)[]>) {
  const { afterSequence, limit } = pageOf(kind, args);
  const nodes = await load(ids.slice(afterSequence, afterSequence + limit));
  const rows = nodes.flatMap((node, index) => (node === undefined ? [] : [{ node, sequence: afterSequence + index + 1 }]));
  return toConnection(kind, args, { rows, totalCount: ids.length }, (row) => row.node);
}
