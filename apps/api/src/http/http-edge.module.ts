import { Inject, Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import type { LedgerConfig } from '@ledger/config';
import { EXPLORER_ASSETS_PATH, explorerEnabled } from '../explorer/explorer.js';
import { LEDGER_CONFIG } from '../ledger/ledger.module.js';
import { httpEdge } from './http-edge.middleware.js';

/**
 * Mounts the HTTP edge on every path. Its middleware comes after the (global) request logger's, so
 * every refusal is logged with its correlation id, and before the GraphQL endpoint.
 */
@Module({})
export class HttpEdgeModule implements NestModule {
  constructor(@Inject(LEDGER_CONFIG) private readonly config: LedgerConfig) {}

  configure(consumer: MiddlewareConsumer) {
    const explorer = explorerEnabled(this.config.environment);
    consumer.apply(httpEdge({ maxBodyBytes: this.config.maxBodyBytes, assetsPath: explorer ? EXPLORER_ASSETS_PATH : null })).forRoutes('*');
  }
}
