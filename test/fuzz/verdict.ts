import type { FuzzRequest } from './requests.js';

export type Answer =
  | Readonly<{ status: number; contentType: string | undefined; body: Buffer; milliseconds: number }>
  | Readonly<{ failure: string; milliseconds: number }>;

const JSON_TYPES = /^application\/(graphql-response\+)?json\b/i;
const STACK_TRACE = /\bat [\w$.<>]+ \(|(file:\/\/|node:internal|\/node_modules\/)[^"\s]*:\d+:\d+/;

/**
 * What is wrong with an answer, if anything: a sensible answer has an expected status, never 5xx,
 * a JSON body (never HTML) with `errors` or an `error` (or `data` on a 200), no stack trace, and for
 * a write attempt nothing written (every field of `data` null, or a report that nothing was applied).
 */
export function judge(request: FuzzRequest, answer: Answer): string[] {
  if ('failure' in answer) return [`no answer (${answer.failure})`];
  const problems: string[] = [];
  const { status } = answer;
  if (status >= 500) problems.push(`status ${status}`);
  else if (!request.expect.includes(status)) problems.push(`status ${status} (expected ${request.expect.join('/')})`);
  // A 204 to a CORS preflight has no body by definition.
  if (status === 204) return problems;

  const text = answer.body.toString('utf8');
  if (/^\s*</.test(text)) return [...problems, 'HTML body'];
  if (!JSON_TYPES.test(answer.contentType ?? '')) problems.push(`content-type ${answer.contentType ?? '(none)'}`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return [...problems, 'body is not JSON'];
  }
  if (STACK_TRACE.test(text)) problems.push('stack trace in body');
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return [...problems, 'body is not a JSON object'];

  const { errors, error, data } = body as { errors?: unknown; error?: unknown; data?: unknown };
  const hasErrors = Array.isArray(errors) && errors.length > 0 && errors.every((entry) => typeof (entry as { message?: unknown })?.message === 'string');
  if (errors !== undefined && !hasErrors) problems.push('errors is not a list of messages');
  if (status === 200 ? !hasErrors && data === undefined : !hasErrors && error === undefined) problems.push(`no errors in a ${status}`);
  if (request.write) {
    const answered = data !== null && typeof data === 'object' ? Object.entries(data).filter(([, value]) => value !== null) : [];
    // An import with bad rows is refused by its report (applied: false, each row's problems), not by errors.
    const reported = answered.filter(([, value]) => (value as { applied?: unknown })?.applied === false);
    const written = answered.filter((entry) => !reported.includes(entry));
    if (!hasErrors && reported.length === 0) problems.push('write not refused (no errors)');
    if (written.length > 0) problems.push(`write answered with data (${written.map(([field]) => field).slice(0, 3).join(', ')})`);
  }
  return problems;
}
