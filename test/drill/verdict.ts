/**
 * The cluster drill's comparison, kept pure so a test can prove it fails: what the drill was told
 * (acknowledged and finally failed mutations) against what each API instance shows once caught up.
 */

/** An update the API answered with a payload: it is in the ledger, once. */
export type Acknowledged = Readonly<{ clientMutationId: string; actionId: string; position: string }>;

/** A mutation given up after its retries: whether it was written is unknown to the client. */
export type Failed = Readonly<{ clientMutationId: string; reason: string }>;

/** One update as an instance's read model shows it; `clientMutationId` null when its text is not the drill's. */
export type Recorded = Readonly<{ clientMutationId: string | null; actionId: string; updateId: string }>;

export type InstanceView = Readonly<{
  api: string;
  /** Why it is not caught up to the highest acknowledged position (projections behind, no answer); null when it is. */
  behind: string | null;
  /** Why its updates could not be read; null when they were. */
  unreadable: string | null;
  recorded: readonly Recorded[];
}>;

export type InstanceCounts = Readonly<{ api: string; recorded: number; lost: number; doubled: number; unacknowledged: number; misplaced: number; foreign: number }>;

export type Verdict = Readonly<{
  pass: boolean;
  acknowledged: number;
  failed: number;
  instances: readonly InstanceCounts[];
  /** One line per difference, naming the instance and the clientMutationIds concerned. */
  differences: readonly string[];
}>;

/** At most this many ids are quoted per difference; the count is always whole. */
const QUOTED = 10;

const quote = (ids: readonly string[]) => ids.slice(0, QUOTED).join(', ') + (ids.length > QUOTED ? ` and ${ids.length - QUOTED} more` : '');

/**
 * Every acknowledged update must be recorded exactly once, on the action it was sent to, on every
 * instance; nothing else may be recorded on the drill's actions; no mutation may have finally failed;
 * every instance must have caught up. Anything else is a difference.
 */
export function compareCounts(acknowledged: readonly Acknowledged[], failed: readonly Failed[], instances: readonly InstanceView[]): Verdict {
  const differences: string[] = [];
  if (failed.length > 0) {
    differences.push(`${failed.length} mutation(s) never acknowledged (refused, or given up after their retries): ${quote(failed.map(({ clientMutationId, reason }) => `${clientMutationId} (${reason})`))}`);
  }
  const sentTo = new Map(acknowledged.map((update) => [update.clientMutationId, update.actionId]));
  const counts = instances.map((instance): InstanceCounts => {
    if (instance.behind !== null) differences.push(`${instance.api}: not caught up: ${instance.behind}`);
    if (instance.unreadable !== null) differences.push(`${instance.api}: updates not read: ${instance.unreadable}`);
    const times = new Map<string, number>();
    const misplaced: string[] = [];
    const foreign: string[] = [];
    for (const { clientMutationId, actionId, updateId } of instance.recorded) {
      if (clientMutationId === null) {
        foreign.push(updateId);
        continue;
      }
      times.set(clientMutationId, (times.get(clientMutationId) ?? 0) + 1);
      const expected = sentTo.get(clientMutationId);
      if (expected !== undefined && expected !== actionId) misplaced.push(`${clientMutationId} on ${actionId}`);
    }
    const lost = acknowledged.filter(({ clientMutationId }) => !times.has(clientMutationId)).map(({ clientMutationId }) => clientMutationId);
    const doubled = [...times].filter(([, n]) => n > 1).map(([id, n]) => `${id} x${n}`);
    // Recorded, never acknowledged: a failed mutation that did land, or one this drill never sent.
    const unacknowledged = [...times.keys()].filter((id) => !sentTo.has(id));
    const where = instance.api;
    if (lost.length > 0) differences.push(`${where}: ${lost.length} acknowledged update(s) lost: ${quote(lost)}`);
    if (doubled.length > 0) differences.push(`${where}: ${doubled.length} update(s) recorded more than once: ${quote(doubled)}`);
    if (unacknowledged.length > 0) differences.push(`${where}: ${unacknowledged.length} update(s) recorded but never acknowledged: ${quote(unacknowledged)}`);
    if (misplaced.length > 0) differences.push(`${where}: ${misplaced.length} update(s) recorded on another action than sent to: ${quote(misplaced)}`);
    if (foreign.length > 0) differences.push(`${where}: ${foreign.length} update(s) on the drill's actions that the drill did not write: ${quote(foreign)}`);
    return {
      api: where,
      recorded: instance.recorded.length,
      lost: lost.length,
      doubled: doubled.length,
      unacknowledged: unacknowledged.length,
      misplaced: misplaced.length,
      foreign: foreign.length,
    };
  });
  return { pass: differences.length === 0, acknowledged: acknowledged.length, failed: failed.length, instances: counts, differences };
}

/**
 * Orders log positions: the embedded store's are one decimal number, EventStoreDB's `commit/prepare`
 * ordered by the commit number (docs/scaling.md "Read-your-writes"). Never compare them as strings.
 */
export function positionOrder(position: string): bigint {
  const commit = position.split('/')[0]!;
  if (!/^\d+$/.test(commit)) throw new Error(`position "${position}" is neither a number nor commit/prepare`);
  return BigInt(commit);
}
