import type { FuzzRequest } from './requests.js';
import type { Answer } from './verdict.js';

type Example = { request: FuzzRequest; answer: Answer };

const excerpt = (text: string, length: number) => {
  const flat = JSON.stringify(text.length > length ? `${text.slice(0, length)}…` : text);
  return flat.slice(1, -1);
};

/** Counts a run's answers and groups its problems by kind of request, for the summary and the failure report. */
export class Tally {
  requests = 0;
  private readonly statuses = new Map<string, number>();
  private readonly problems = new Map<string, { count: number; example: Example }>();
  private slowest: { milliseconds: number; request?: FuzzRequest } = { milliseconds: 0 };

  record(request: FuzzRequest, answer: Answer, problems: readonly string[]) {
    this.requests += 1;
    const status = 'failure' in answer ? 'none' : String(answer.status);
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
    if (answer.milliseconds > this.slowest.milliseconds) this.slowest = { milliseconds: answer.milliseconds, request };
    if (problems.length === 0) return;
    // Grouped by what went wrong and the request's family and variant, ignoring sizes and the token form.
    const key = `${problems.join(' + ')} ← ${request.family}: ${request.detail.replace(/\(\d+[^)]*\)/g, '(n)').replace(/ (token|header):.*$/, '')}`;
    const entry = this.problems.get(key);
    if (entry) entry.count += 1;
    else this.problems.set(key, { count: 1, example: { request, answer } });
  }

  get problemCount() {
    return [...this.problems.values()].reduce((sum, { count }) => sum + count, 0);
  }

  /** Requests that got no answer: the suspects when a server dies or hangs. */
  get unanswered() {
    return [...this.problems.entries()].filter(([key]) => key.startsWith('no answer'));
  }

  histogram(): string {
    return [...this.statuses.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([status, count]) => `${status}: ${count}`)
      .join(', ');
  }

  summary(seed: number, writes: number, seconds: number): string {
    return `fuzz: ${this.requests} requests, seed ${seed}, statuses {${this.histogram()}}, writes = ${writes}, problems = ${this.problemCount}, ${seconds.toFixed(1)} s, slowest ${this.slowest.milliseconds} ms (#${this.slowest.request?.index} ${this.slowest.request?.family})`;
  }

  /** Every kind of problem with its count and one example, most frequent first. */
  report(limit = 60): string {
    // Unanswered requests first: they are what killed or wedged the server.
    const rank = (key: string) => (key.startsWith('no answer') ? 0 : 1);
    const entries = [...this.problems.entries()].sort(([keyA, a], [keyB, b]) => rank(keyA) - rank(keyB) || b.count - a.count);
    const lines = entries.slice(0, limit).map(([key, { count, example }]) => {
      const { request, answer } = example;
      const encoding = request.headers['content-encoding'];
      const sent = !request.body ? '' : encoding ? `<${request.body.length} bytes, ${String(encoding)}>` : excerpt(request.body.toString('utf8'), 300);
      const got = 'failure' in answer ? answer.failure : `${answer.status} ${answer.contentType ?? ''} ${excerpt(answer.body.toString('utf8'), 300)}`;
      const headers = Object.entries(request.headers)
        .filter(([name]) => name !== 'authorization')
        .map(([name, value]) => `${name}: ${excerpt(String(value), 60)}`)
        .join('; ');
      return `${count} × ${key}\n    e.g. #${request.index} ${request.method} ${excerpt(request.path, 80)} [${headers}] ${request.detail.slice(0, 160)}${request.payload ? ` | ${request.payload.slice(0, 120)}` : ''}\n    sent: ${sent}\n    got:  ${got}`;
    });
    if (entries.length > limit) lines.push(`… and ${entries.length - limit} more kinds`);
    return lines.join('\n');
  }
}
