import type { DynamicModule, Type } from '@nestjs/common';
import type { Projection, ReadModelDatabase } from '@ledger/projections';
import { READ_MODEL_DATABASE } from './ledger/ledger-tokens.js';

/** A read model's queries, made from the read-model database. */
type Queries = new (db: ReadModelDatabase) => object;

/**
 * One capability of the API, as the app and the CLI see it: the Nest module that registers its
 * command handlers, resolvers and services, and the read models it keeps. `capabilities.ts` lists
 * every one; the app imports their modules and the projection runner (the API's and `rebuild`'s)
 * keeps their read models.
 */
export type Capability = Readonly<{ module: DynamicModule; projections: readonly Projection[] }>;

/**
 * A capability from its module and read models. The module provides the queries of its read
 * models, and exports them to every module (it is global): other capabilities' resolvers, the
 * access rules and the GraphQL context read them too.
 */
export function capability(module: Type, readModels: Readonly<{ projections?: readonly Projection[]; queries?: readonly Queries[] }> = {}): Capability {
  const { projections = [], queries = [] } = readModels;
  return {
    module: {
      module,
      global: queries.length > 0,
      providers: queries.map((provide) => ({ provide, inject: [READ_MODEL_DATABASE], useFactory: (db: ReadModelDatabase) => new provide(db) })),
      exports: [...queries],
    },
    projections,
  };
}
