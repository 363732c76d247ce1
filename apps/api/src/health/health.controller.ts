import { Controller, Get, Header, Res } from '@nestjs/common';
import { Public } from '../access/auth.guard.js';
import { Readiness, type ReadinessReport } from './readiness.js';

/** Plain GET probes for load balancers and Kubernetes (httpGet), open without a token. */
@Public()
@Controller()
export class HealthController {
  constructor(private readonly readiness: Readiness) {}

  /** Liveness: the process runs and its event loop turns. Touches no store. */
  @Get('healthz')
  @Header('cache-control', 'no-store')
  healthz() {
    return { status: 'ok' };
  }

  /** Readiness: 200 when this instance can serve current data, 503 with the reasons when not. */
  @Get('readyz')
  @Header('cache-control', 'no-store')
  async readyz(@Res({ passthrough: true }) response: { status(code: number): unknown }): Promise<ReadinessReport> {
    const report = await this.readiness.check();
    response.status(report.status === 'ready' ? 200 : 503);
    return report;
  }
}
