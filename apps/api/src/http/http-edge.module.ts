import { Inject, Module, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import type { Logger } from 'pino';
import type { LedgerConfig } from '@ledger/config';
import { EXPLORER_ASSETS_PATH, explorerEnabled } from '../explorer/explorer.js';
import { LEDGER_CONFIG } from '../ledger/ledger.module.js';
import { httpEdge } from './http-edge.middleware.js';
import { requestLog } from './request-log.js';

const REQUEST_LOGGER = Symbol('REQUEST_LOGGER');

/**
 * Mounts the request log and the HTTP edge on every path, in that order, so every refusal is logged
 * with its correlation id, and both before the GraphQL endpoint.
 */
@Module({})
export class HttpEdgeModule implements NestModule {
  constructor(
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(REQUEST_LOGGER) private readonly logger: Logger,
  ) {}

  static forRoot(logger: Logger): DynamicModule {
    return { module: HttpEdgeModule, providers: [{ provide: REQUEST_LOGGER, useValue: logger }] };
  }

  configure(consumer: MiddlewareConsumer) {
    const explorer = explorerEnabled(this.config.environment);
    consumer
      .apply(requestLog(this.logger), httpEdge({ maxBodyBytes: this.config.maxBodyBytes, assetsPath: explorer ? EXPLORER_ASSETS_PATH : null }))
      .forRoutes('*');
  }
}
