import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { finished } from 'node:stream/promises';
import type { EventStore, Position, RecordedEvent } from '@ledger/event-store';
import { foldLeafHashes, leafDataOf, leafHash, type SignedCheckpoint } from '@ledger/integrity';
import type { PersonalDataRecord, PersonalDataStore } from '@ledger/personal-data';

/** The files of an export directory. */
export const EXPORT_FILES = { manifest: 'manifest.json', events: 'events.ndjson', people: 'people.ndjson' } as const;
export const EXPORT_FORMAT = 'partnership-ledger-export/1';
const PAGE = 1000;

/** One line of events.ndjson: the recorded event, revision as a number and times as ISO strings. */
export type ExportedEvent = Readonly<{
  id: string;
  streamId: string;
  streamRevision: number;
  position: string;
  type: string;
  data: object;
  metadata: object;
  recordedAt: string;
}>;

export type ExportScope = Readonly<{ kind: 'log' }> | Readonly<{ kind: 'partnership'; partnershipId: string }>;

export type Manifest = Readonly<{
  format: typeof EXPORT_FORMAT;
  exportedAt: string;
  scope: ExportScope;
  sourceStore: string;
  events: Readonly<{ file: string; count: number; sha256: string }>;
  streams: number;
  /** Source positions of the first and last event exported; null for an empty export. */
  firstPosition: string | null;
  lastPosition: string | null;
  personalData: Readonly<{ file: string; count: number; sha256: string }> | null;
  /** The RFC 6962 tree head over the exported events in order; null for a partnership export (a part of the log). */
  treeHead: Readonly<{ treeSize: number; rootHash: string }> | null;
  /** A signed checkpoint of the log at exactly the exported events, when one could be had (see `ExportOptions.checkpoint`). */
  checkpoint: SignedCheckpoint | null;
}>;

/** Progress on stderr: at most once a second, and always at the end. */
export function progressReporter(label: string, write: (line: string) => void = (line) => process.stderr.write(line)) {
  let last = 0;
  const report = (done: number, total: number | null, final = false) => {
    if (!final && Date.now() - last < 1000) return;
    last = Date.now();
    write(`${label}: ${done}${total === null ? '' : `/${total}`} events\n`);
  };
  return Object.assign(report, { note: (line: string) => write(`${line}\n`) });
}

export const toExportedEvent = (event: RecordedEvent): ExportedEvent => ({
  id: event.id,
  streamId: event.streamId,
  streamRevision: Number(event.streamRevision),
  position: event.position,
  type: event.type,
  data: event.data,
  metadata: event.metadata,
  recordedAt: event.recordedAt.toISOString(),
});

/** Every event of the log in order, a page at a time, up to `upTo` (inclusive) when given. */
export async function* readLog(store: EventStore, upTo: Position | null = null): AsyncGenerator<RecordedEvent> {
  let after: Position | undefined;
  for (;;) {
    const page = await store.readAll({ after, maxCount: PAGE });
    for (const event of page) {
      if (upTo !== null && store.comparePositions(event.position, upTo) > 0) return;
      yield event;
    }
    if (page.length < PAGE) return;
    after = page[page.length - 1]!.position;
  }
}

type Data = Readonly<Record<string, unknown>>;
const text = (value: unknown) => (typeof value === 'string' ? value : null);

/**
 * The streams a partnership export holds, found in one pass over the log. Whole streams only, so
 * every stream's hash chain can be checked in the export:
 * - streams whose first event names the partnership (`data.partnershipId`): the partnership itself,
 *   its commitments, actions, indicators, meetings and allyship pairings;
 * - the organisations that ever joined it;
 * - the access streams (`access-<personId>`) of people ever granted a role in it — whole, so they
 *   also show that person's grants elsewhere (roles and scope ids; names are never in events);
 * - the `person-<id>` streams (PersonForgotten) of everyone these streams name as actor or person.
 */
export async function streamsOfPartnership(store: EventStore, partnershipId: string, upTo: Position | null, progress: (done: number) => void) {
  const streams = new Set<string>([`partnership-${partnershipId}`]);
  const people = new Set<string>();
  const forgottenStreams = new Set<string>();
  let done = 0;
  for await (const event of readLog(store, upTo)) {
    progress(++done);
    const data = event.data as Data;
    if (event.streamRevision === 0n && data.partnershipId === partnershipId) streams.add(event.streamId);
    if (event.type === 'OrganisationJoinedPartnership' && data.partnershipId === partnershipId) streams.add(`organisation-${text(data.organisationId)}`);
    if (event.type === 'RoleGranted' && data.partnershipId === partnershipId) streams.add(event.streamId);
    if (event.type === 'PersonForgotten') forgottenStreams.add(event.streamId);
  }
  // Second look at the chosen streams' events for the people they name: a cheap pass, in memory by stream id only.
  for await (const event of readLog(store, upTo)) {
    if (!streams.has(event.streamId)) continue;
    const data = event.data as Data;
    const actor = (event.metadata as { actor?: { personId?: unknown } }).actor;
    for (const personId of [text(actor?.personId), text(data.personId), text(data.allyPersonId)]) if (personId) people.add(personId);
  }
  for (const personId of people) if (forgottenStreams.has(`person-${personId}`)) streams.add(`person-${personId}`);
  return { streams, people };
}

const sha256File = async (path: string) => {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
};

async function writeLines(path: string, lines: AsyncIterable<object> | Iterable<object>) {
  const out = createWriteStream(path, { encoding: 'utf8' });
  let count = 0;
  for await (const line of lines) {
    if (!out.write(`${JSON.stringify(line)}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    count++;
  }
  out.end();
  await finished(out);
  return { count, sha256: await sha256File(path) };
}

export type ExportOptions = Readonly<{
  directory: string;
  partnershipId: string | null;
  personalData: PersonalDataStore | null;
  report: ReturnType<typeof progressReporter>;
  /** The signed checkpoint of the log's first `treeSize` events, ending at `position`, or null when none can be had. */
  checkpoint?: (treeSize: number, position: string) => Promise<SignedCheckpoint | null>;
}>;

/** Writes events.ndjson, people.ndjson (only when asked) and manifest.json into an empty or new directory. */
export async function exportLog(store: EventStore, { directory, partnershipId, personalData, report, checkpoint }: ExportOptions): Promise<Manifest> {
  if (existsSync(directory) && readdirSync(directory).length > 0) throw new Error(`export: ${directory} is not empty; give a new or empty directory`);
  mkdirSync(directory, { recursive: true });
  if (partnershipId && (await store.readStream(`partnership-${partnershipId}`, { maxCount: 1 })).length === 0) {
    throw new Error(`export: --partnership ${partnershipId} names no partnership in this log`);
  }
  // The log as it stands now: appends made while the export runs (beside a live API) are left for the next one.
  const head = await store.headPosition();
  const total = await store.countEventsAfter();
  const selection = partnershipId ? await streamsOfPartnership(store, partnershipId, head, (done) => report(done, total)) : null;

  const streams = new Set<string>();
  let firstPosition: string | null = null;
  let lastPosition: string | null = null;
  // 32 bytes an event: a million events fold in 32 MB.
  const leaves: Buffer[] = [];
  async function* selected() {
    let done = 0;
    for await (const event of readLog(store, head)) {
      report(++done, total);
      if (selection && !selection.streams.has(event.streamId)) continue;
      streams.add(event.streamId);
      firstPosition ??= event.position;
      lastPosition = event.position;
      if (!selection) leaves.push(leafHash(leafDataOf(event)));
      yield toExportedEvent(event);
    }
    report(done, total, true);
  }
  const events = await writeLines(join(directory, EXPORT_FILES.events), selected());
  const personal = personalData ? await writeLines(join(directory, EXPORT_FILES.people), personalData.records(selection?.people)) : null;

  const treeHead = selection ? null : { treeSize: leaves.length, rootHash: foldLeafHashes(leaves).toString('hex') };
  const signed = treeHead && lastPosition !== null && checkpoint ? await checkpoint(treeHead.treeSize, lastPosition) : null;
  if (signed && signed.rootHash !== treeHead!.rootHash) {
    // Exported anyway, for whoever investigates: the offline verifier will name what differs.
    report.note(`export: the exported events' tree head ${treeHead!.rootHash} differs from the signed checkpoint's ${signed.rootHash} at ${signed.treeSize} events: the log was altered; run \`cli verify\``);
  }
  const manifest: Manifest = {
    format: EXPORT_FORMAT,
    exportedAt: new Date().toISOString(),
    scope: partnershipId ? { kind: 'partnership', partnershipId } : { kind: 'log' },
    sourceStore: store.kind,
    events: { file: EXPORT_FILES.events, ...events },
    streams: streams.size,
    firstPosition,
    lastPosition,
    personalData: personal ? { file: EXPORT_FILES.people, ...personal } : null,
    treeHead,
    checkpoint: signed,
  };
  writeFileSync(join(directory, EXPORT_FILES.manifest), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** Reads and checks an export's manifest, naming the directory and the rule broken. */
export function readManifest(directory: string): Manifest {
  const path = join(directory, EXPORT_FILES.manifest);
  if (!existsSync(path)) throw new Error(`import: ${path} not found; give a directory written by export`);
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  if (manifest.format !== EXPORT_FORMAT) throw new Error(`import: ${path} format must be ${EXPORT_FORMAT}, got ${JSON.stringify(manifest.format)}`);
  return manifest;
}

/** Checks a file against the manifest's sha256 before anything is written from it. */
export async function requireUnaltered(directory: string, entry: Readonly<{ file: string; sha256: string }>) {
  const actual = await sha256File(join(directory, entry.file));
  if (actual !== entry.sha256) {
    throw new Error(`import: ${entry.file} does not match manifest.json (sha256 ${actual}, manifest says ${entry.sha256}): edited or truncated; nothing was imported`);
  }
}

/** The lines of an NDJSON file, parsed, with the line number in any error. */
export async function* readLines<T>(path: string): AsyncGenerator<T> {
  let number = 0;
  for await (const line of createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity })) {
    number++;
    if (line.trim() === '') continue;
    try {
      yield JSON.parse(line) as T;
    } catch (error) {
      throw new Error(`import: ${path} line ${number} is not JSON: ${(error as Error).message}`);
    }
  }
}

/** An exported line as the store records it, refusing a line without its fields. */
export function toRecordedEvent(line: ExportedEvent, number: number): RecordedEvent {
  for (const field of ['id', 'streamId', 'type', 'position', 'recordedAt'] as const) {
    if (typeof line[field] !== 'string') throw new Error(`import: event ${number}: ${field} must be a string, got ${JSON.stringify(line[field])}`);
  }
  if (!Number.isInteger(line.streamRevision) || line.streamRevision < 0) {
    throw new Error(`import: event ${number}: streamRevision must be a whole number from 0, got ${JSON.stringify(line.streamRevision)}`);
  }
  const recordedAt = new Date(line.recordedAt);
  if (Number.isNaN(recordedAt.getTime())) throw new Error(`import: event ${number}: recordedAt must be an ISO time, got ${JSON.stringify(line.recordedAt)}`);
  return {
    id: line.id,
    streamId: line.streamId,
    streamRevision: BigInt(line.streamRevision),
    position: line.position as Position,
    type: line.type,
    data: line.data,
    metadata: line.metadata as RecordedEvent['metadata'],
    recordedAt,
  };
}

export type { PersonalDataRecord };
