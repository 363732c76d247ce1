import { Module } from '@nestjs/common';
import { capability } from '../capability.js';
import { HealthController } from './health.controller.js';
import { HealthResolver, ProjectionHealthResolver } from './health.resolver.js';
import { Readiness } from './readiness.js';

@Module({ controllers: [HealthController], providers: [Readiness, HealthResolver, ProjectionHealthResolver] })
export class HealthModule {}

/** The health query and the /healthz and /readyz probes. */
export const health = capability(HealthModule);
