#!/usr/bin/env node
// Offline verifier for a Partnership Ledger export: one file, Node's built-ins only, no server, no
// database, no code from the ledger itself. It re-implements from the README ("Tamper evidence";
// "Export, import and forgetting a person") what the ledger promises, so an auditor can check an
// export without trusting the operator:
//   1. every event's hash: SHA-256 over the RFC 8785 canonical JSON of
//      { id, streamId, streamRevision (decimal string), type, data, metadata without hash and
//        previousHash, previousHash }, lower-case hex, in metadata.hash;
//   2. every stream's chain: revisions 0, 1, 2… and each previousHash the hash of the stream's
//      previous event (null for the first);
//   3. the RFC 6962 Merkle tree head over the events in log order (leaf data: the 32 bytes of each
//      event's hash), up to the checkpoint's tree size, equal to the checkpoint's root hash and
//      ending at the checkpoint's position;
//   4. the checkpoint's Ed25519 signature, under the given public key, over its text:
//      "partnership-ledger/global-log/v1\n<treeSize>\n<base64 root>\nposition <position>\ntime <time>\n".
// It names the first broken link by its global position and line number.
//
// Usage: node verify-export.mjs <export-directory> [<checkpoint.json> <public-key.pem>] [--json]
// Exit status: 0 all checks passed, 1 something is broken, 2 the command could not run.

import { createHash, createPublicKey, verify } from 'node:crypto';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ORIGIN = 'partnership-ledger/global-log/v1';
const HEX_HASH = /^[0-9a-f]{64}$/;

// ---- RFC 8785 JSON Canonicalization Scheme -------------------------------------------------------
// Numbers and strings as ECMAScript's JSON.stringify writes them (RFC 8785 §3.2.2), object keys
// sorted by UTF-16 code units (JavaScript's default sort, §3.2.3), no whitespace.
function canonical(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  switch (typeof value) {
    case 'boolean':
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new Error(`${value} cannot be canonicalised`);
      return JSON.stringify(value);
    case 'object':
      return `{${Object.keys(value)
        .sort()
        .map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`)
        .join(',')}}`;
    default:
      throw new Error(`a ${typeof value} cannot be canonicalised`);
  }
}

const sha256 = (...parts) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};

function eventHash(event, previousHash) {
  const { hash: _hash, previousHash: _previous, ...metadata } = event.metadata ?? {};
  const form = canonical({
    id: event.id,
    streamId: event.streamId,
    streamRevision: String(event.streamRevision),
    type: event.type,
    data: event.data,
    metadata,
    previousHash,
  });
  return sha256(Buffer.from(form, 'utf8')).toString('hex');
}

// ---- RFC 6962 §2.1 Merkle Tree Hash --------------------------------------------------------------
// Leaves hash as SHA-256(0x00 || data), nodes as SHA-256(0x01 || left || right), splitting at the
// largest power of two below n. Folded in one pass: equal-sized neighbours merge as they arrive.
class MerkleFold {
  stack = [];
  size = 0;
  add(data) {
    let top = { hash: sha256(Buffer.from([0]), data), size: 1 };
    while (this.stack.length > 0 && this.stack.at(-1).size === top.size) {
      const left = this.stack.pop();
      top = { hash: sha256(Buffer.from([1]), left.hash, top.hash), size: left.size * 2 };
    }
    this.stack.push(top);
    this.size++;
  }
  root() {
    if (this.stack.length === 0) return sha256().toString('hex');
    let root = this.stack.at(-1).hash;
    for (let i = this.stack.length - 2; i >= 0; i--) root = sha256(Buffer.from([1]), this.stack[i].hash, root);
    return root.toString('hex');
  }
}

// ---- The checks ----------------------------------------------------------------------------------
function usage(message) {
  process.stderr.write(`${message}\nUsage: node verify-export.mjs <export-directory> [<checkpoint.json> <public-key.pem>] [--json]\n`);
  process.exit(2);
}

async function sha256File(path) {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk);
  return hash.digest('hex');
}

function readCheckpoint(path) {
  let checkpoint;
  try {
    checkpoint = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    usage(`${path}: not a JSON checkpoint (${error.message})`);
  }
  // A manifest or API answer may wrap it; take the checkpoint itself.
  if (checkpoint && typeof checkpoint.checkpoint === 'object' && checkpoint.checkpoint !== null) checkpoint = checkpoint.checkpoint;
  for (const field of ['position', 'rootHash', 'time', 'signature']) {
    if (typeof checkpoint?.[field] !== 'string') usage(`${path}: checkpoint.${field} must be a string`);
  }
  if (!Number.isInteger(checkpoint.treeSize) || checkpoint.treeSize < 0) usage(`${path}: checkpoint.treeSize must be a whole number`);
  if (!HEX_HASH.test(checkpoint.rootHash)) usage(`${path}: checkpoint.rootHash must be 64 lower-case hex digits`);
  return checkpoint;
}

function readPublicKey(path) {
  try {
    // Only the PEM block: `cli checkpoint-key` prints the key id beside it.
    const text = readFileSync(path, 'utf8');
    const pem = /-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/.exec(text)?.[0] ?? text;
    const key = createPublicKey(pem);
    if (key.asymmetricKeyType !== 'ed25519') usage(`${path}: the public key must be Ed25519, got ${key.asymmetricKeyType}`);
    return key;
  } catch (error) {
    usage(`${path}: not a PEM public key (${error.message})`);
  }
}

const checkpointText = (c) => [ORIGIN, String(c.treeSize), Buffer.from(c.rootHash, 'hex').toString('base64'), `position ${c.position}`, `time ${c.time}`, ''].join('\n');

async function main(argv) {
  const json = argv.includes('--json');
  const [directory, checkpointPath, publicKeyPath] = argv.filter((arg) => arg !== '--json');
  if (!directory) usage('Give the export directory.');
  if (checkpointPath && !publicKeyPath) usage('Give the public key (PEM) with the checkpoint.');
  const manifestPath = join(directory, 'manifest.json');
  if (!existsSync(manifestPath)) usage(`${manifestPath} not found: give a directory written by \`cli export\``);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const eventsPath = join(directory, manifest.events?.file ?? 'events.ndjson');
  if (!existsSync(eventsPath)) usage(`${eventsPath} not found`);
  const checkpoint = checkpointPath ? readCheckpoint(checkpointPath) : null;
  const publicKey = publicKeyPath ? readPublicKey(publicKeyPath) : null;

  const report = { directory, events: 0, streams: 0, unchained: 0, checks: [], broken: null };
  const pass = (check, detail) => report.checks.push({ check, ok: true, detail });
  const warn = (check, detail) => report.checks.push({ check, ok: null, detail });
  const fail = (check, detail, at = {}) => {
    report.checks.push({ check, ok: false, detail });
    report.broken ??= { check, ...at, message: detail };
  };

  // The file against the manifest: the manifest is not signed, so a match proves only that the two agree.
  const fileHash = await sha256File(eventsPath);
  if (manifest.events?.sha256 && fileHash !== manifest.events.sha256) {
    warn('manifest', `events file sha256 ${fileHash} differs from manifest.json's ${manifest.events.sha256}: the file was changed after export (the checks below find where)`);
  } else pass('manifest', `events file sha256 ${fileHash} matches manifest.json`);

  // Chains and the tree, one line at a time.
  const tips = new Map();
  const tree = new MerkleFold();
  let rootAtCheckpoint = null;
  let positionAtCheckpoint = null;
  let line = 0;
  if (checkpoint && checkpoint.treeSize === 0) rootAtCheckpoint = tree.root();
  for await (const text of createInterface({ input: createReadStream(eventsPath, 'utf8'), crlfDelay: Infinity })) {
    line++;
    if (text.trim() === '') continue;
    let event;
    try {
      event = JSON.parse(text);
    } catch (error) {
      fail('chain', `line ${line} is not JSON (${error.message})`, { line });
      break;
    }
    report.events++;
    const at = { position: event.position, line, streamId: event.streamId, streamRevision: event.streamRevision };
    const where = `position ${event.position} (line ${line}), ${event.streamId} revision ${event.streamRevision}`;
    if (!report.broken) {
      const tip = tips.get(event.streamId);
      const expectedRevision = tip ? tip.revision + 1 : 0;
      const { hash, previousHash } = event.metadata ?? {};
      if (event.streamRevision !== expectedRevision) {
        fail('chain', `${where}: expected revision ${expectedRevision} next in this stream: an event was deleted or events were reordered`, at);
      } else if (hash === undefined) {
        if (tip?.chained) fail('chain', `${where}: no hash, though earlier events of its stream have one: its hash was removed`, at);
        else report.unchained++;
        tips.set(event.streamId, { revision: event.streamRevision, hash: null, chained: false });
      } else if ((previousHash ?? null) !== (tip?.hash ?? null)) {
        fail('chain', `${where}: previousHash ${previousHash ?? 'null'}, but the stream's previous event hashes to ${tip?.hash ?? 'null'}: an event before it was deleted, replaced or reordered`, at);
      } else {
        const recomputed = eventHash(event, tip?.hash ?? null);
        if (recomputed !== hash) fail('chain', `${where}: stored hash ${hash}, but the event hashes to ${recomputed}: it was edited after it was written`, at);
        tips.set(event.streamId, { revision: event.streamRevision, hash, chained: true });
      }
    }
    const hash = event.metadata?.hash;
    // An event from before chaining has no hash; its leaf is then its own content hash, as the ledger's tree takes it.
    tree.add(typeof hash === 'string' && HEX_HASH.test(hash) ? Buffer.from(hash, 'hex') : contentHash(event));
    if (checkpoint && tree.size === checkpoint.treeSize) {
      rootAtCheckpoint = tree.root();
      positionAtCheckpoint = event.position;
    }
  }
  report.streams = tips.size;
  if (manifest.events?.count !== undefined && manifest.events.count !== report.events) {
    fail('manifest', `events file holds ${report.events} events, manifest.json says ${manifest.events.count}: events were added or removed`);
  }
  if (!report.broken) pass('chain', `${report.events} events in ${report.streams} streams: every hash and every stream's chain recomputes${report.unchained ? ` (${report.unchained} events from before chaining carry no hash)` : ''}`);

  if (!checkpoint) {
    warn('tree', 'no checkpoint given: the tree head and signature were not checked');
  } else if (manifest.scope?.kind && manifest.scope.kind !== 'log') {
    warn('tree', `a ${manifest.scope.kind} export holds only part of the log, so its tree cannot be compared with a checkpoint of the whole log`);
  } else if (report.events < checkpoint.treeSize) {
    fail('tree', `the checkpoint covers ${checkpoint.treeSize} events, the export holds ${report.events}: events were removed (or the export is older than the checkpoint)`);
  } else if (rootAtCheckpoint !== checkpoint.rootHash) {
    fail('tree', `the Merkle root over the first ${checkpoint.treeSize} events is ${rootAtCheckpoint}, the checkpoint signs ${checkpoint.rootHash}: an event in that range was added, removed, edited or moved`);
  } else if (positionAtCheckpoint !== null && positionAtCheckpoint !== checkpoint.position) {
    fail('tree', `the checkpoint's last event is at position ${checkpoint.position}, the export has position ${positionAtCheckpoint} there`);
  } else {
    pass('tree', `the Merkle root over the first ${checkpoint.treeSize} events equals the checkpoint's ${checkpoint.rootHash}`);
  }

  if (checkpoint && publicKey) {
    // The key id: the first 8 bytes of SHA-256 over the raw 32-byte public key (the end of its SPKI DER).
    const keyId = sha256(publicKey.export({ format: 'der', type: 'spki' }).subarray(-32)).subarray(0, 8).toString('hex');
    if (checkpoint.keyId !== undefined && checkpoint.keyId !== keyId) warn('signature', `the checkpoint names key ${checkpoint.keyId}, the given key is ${keyId}`);
    const signed = verify(null, Buffer.from(checkpointText(checkpoint)), publicKey, Buffer.from(checkpoint.signature, 'base64'));
    if (signed) pass('signature', `the checkpoint at tree size ${checkpoint.treeSize} (${checkpoint.time}) is signed by the given Ed25519 key`);
    else fail('signature', 'the checkpoint’s signature does not verify under the given public key: the checkpoint was altered or signed by another key');
  }

  if (json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else {
    for (const { check, ok, detail } of report.checks) process.stdout.write(`${ok === true ? 'ok  ' : ok === false ? 'FAIL' : 'note'} ${check}: ${detail}\n`);
    process.stdout.write(report.broken ? `BROKEN: ${report.broken.message}\n` : 'VERIFIED\n');
  }
  return report.broken ? 1 : 0;
}

/** Key-sorted JSON of an unhashed event's content, without previousHash: the ledger's stand-in leaf. */
function contentHash(event) {
  const { hash: _hash, previousHash: _previous, ...metadata } = event.metadata ?? {};
  return sha256(Buffer.from(canonical({ id: event.id, streamId: event.streamId, streamRevision: String(event.streamRevision), type: event.type, data: event.data, metadata }), 'utf8'));
}

// The pure parts, for a test against reference vectors; run as a command only when invoked directly.
export { canonical, checkpointText, eventHash, MerkleFold };

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      process.stderr.write(`verify-export: ${error.stack ?? error}\n`);
      process.exit(2);
    },
  );
}
