import { Controller, Get, Header, Headers, Param, Res } from '@nestjs/common';
import { IdentityVerifier, UnauthenticatedError } from '@ledger/auth';
import { DomainError, ForbiddenError, NotFoundError } from '@ledger/domain';
import { CommitmentTrackerQueries } from '@ledger/projections';
import { PersonalDataStore } from '@ledger/personal-data';
import { AccessService } from '../access/access.service.js';
import { Public } from '../access/auth.guard.js';
import { RequestAccess } from '../access/request-access.js';
import { HttpEdgeError } from '../http/http-error.js';
import { ActionLogExport, EXPORT_VIEWS, type ExportView } from './action-log-export.js';

type CsvResponse = { header(name: string, value: string): unknown };

/**
 * Every board list view as a CSV action log, for whoever may read the partnership: the same bearer
 * token and grants as GraphQL (the guard is GraphQL's, so these routes check the token themselves).
 */
@Public()
@Controller('export')
export class ActionLogController {
  constructor(
    private readonly exports: ActionLogExport,
    private readonly tracker: CommitmentTrackerQueries,
    private readonly identities: IdentityVerifier,
    private readonly personalData: PersonalDataStore,
    private readonly access: AccessService,
  ) {}

  /** actions.csv (all), overdue.csv, due-soon.csv, silent.csv: the dashboard's lists. */
  @Get('partnerships/:partnershipId/:view.csv')
  @Header('cache-control', 'no-store')
  async partnershipView(@Param('partnershipId') partnershipId: string, @Param('view') view: string, @Headers('authorization') authorization: string | undefined, @Res({ passthrough: true }) response: CsvResponse) {
    if (!(EXPORT_VIEWS as readonly string[]).includes(view)) throw new HttpEdgeError(404, `No such list: ${view}.csv; the lists are ${EXPORT_VIEWS.map((name) => `${name}.csv`).join(', ')}`);
    return this.answer(authorization, partnershipId, response, `${view}`, () => this.exports.filterOf(partnershipId, view as ExportView));
  }

  /** One organisation's work list in a partnership (its scorecard's actions). */
  @Get('partnerships/:partnershipId/organisations/:organisationId/actions.csv')
  @Header('cache-control', 'no-store')
  organisationActions(@Param('partnershipId') partnershipId: string, @Param('organisationId') organisationId: string, @Headers('authorization') authorization: string | undefined, @Res({ passthrough: true }) response: CsvResponse) {
    return this.answer(authorization, partnershipId, response, `organisation-${organisationId}`, () => this.exports.filterOf(partnershipId, 'actions', { owningOrganisationId: organisationId }));
  }

  /** A commitment's actions. */
  @Get('commitments/:commitmentId/actions.csv')
  @Header('cache-control', 'no-store')
  async commitmentActions(@Param('commitmentId') commitmentId: string, @Headers('authorization') authorization: string | undefined, @Res({ passthrough: true }) response: CsvResponse) {
    const commitment = this.tracker.commitment(commitmentId);
    // Unknown and unreadable answer alike once authenticated, so an id tells nothing about another partnership.
    const partnershipId = commitment?.partnershipId ?? commitmentId;
    return this.answer(authorization, partnershipId, response, `commitment-${commitmentId}`, () => {
      if (!commitment) throw new NotFoundError('Commitment', commitmentId, 'commitmentId');
      return this.exports.filterOf(partnershipId, 'actions', { commitmentId });
    });
  }

  private async answer(authorization: string | undefined, partnershipId: string, response: CsvResponse, name: string, filterOf: () => ReturnType<ActionLogExport['filterOf']>) {
    try {
      const access = await this.accessOf(authorization);
      await access.requireRead(partnershipId, `export the actions of partnership ${partnershipId}`);
      const csv = this.exports.csv(filterOf(), await access.visiblePartnershipIds());
      response.header('content-type', 'text/csv; charset=utf-8');
      response.header('content-disposition', `attachment; filename="${name.replace(/[^A-Za-z0-9._-]/g, '-')}.csv"`);
      return csv;
    } catch (error) {
      throw asHttpError(error);
    }
  }

  private async accessOf(authorization: string | undefined): Promise<RequestAccess> {
    const match = authorization ? /^Bearer\s+(\S+)$/i.exec(authorization) : null;
    if (!match) throw new UnauthenticatedError('Authentication required: send Authorization: Bearer <token>');
    const personId = this.personalData.identify(await this.identities.verify(match[1]!));
    return new RequestAccess({ headers: {}, caller: { personId } }, this.access);
  }
}

/** The domain's refusals as the HTTP statuses GraphQL's codes stand for. */
function asHttpError(error: unknown): unknown {
  if (error instanceof UnauthenticatedError) return new HttpEdgeError(401, error.message, { 'www-authenticate': 'Bearer' });
  if (error instanceof ForbiddenError) return new HttpEdgeError(403, error.message);
  if (error instanceof NotFoundError) return new HttpEdgeError(404, error.message);
  if (error instanceof DomainError) return new HttpEdgeError(400, error.message);
  return error;
}
