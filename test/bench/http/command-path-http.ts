import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { mintIdentityToken } from '@ledger/auth';
import { SqliteEventStore } from '@ledger/event-store';
import { generateNationalDataset } from '../national/national-dataset.js';
import { BenchReport } from '../results.js';
import { BENCH_JWT_SECRET, runCli, startApi } from './api-process.js';
import { benchCommandPathHttp, busiest } from './http-bench.js';
import { selfTime, type CpuProfile } from './measure.js';

/**
 * Figure 1 over HTTP alone, on the national dataset (scale BENCH_NATIONAL_SCALE, default 0.01, generated
 * once into --dataset FILE when that file is missing), optionally under `node --cpu-prof`:
 * `node dist/test/bench/http/command-path-http.js [--dataset FILE] [--clients 1,10,50] [--profile DIR] [--env NAME=VALUE]`
 * (--env: one more setting for the API child, e.g. LEDGER_SQLITE_SYNCHRONOUS=NORMAL).
 * The whole bench runs the same figure through `benchHttp`.
 */
async function standalone() {
  const argument = (name: string) => {
    const at = process.argv.indexOf(`--${name}`);
    return at > 0 ? process.argv[at + 1] : undefined;
  };
  const dir = mkdtempSync(join(tmpdir(), 'ledger-command-path-http-'));
  const dataset = argument('dataset') ?? join(dir, 'national.sqlite');
  const profileDir = argument('profile');
  const clients = (argument('clients') ?? '1,10,50').split(',').map(Number);
  try {
    if (!existsSync(dataset)) {
      const store = new SqliteEventStore({ filename: dataset, synchronous: 'NORMAL' });
      await generateNationalDataset(store, { scale: Number(process.env.BENCH_NATIONAL_SCALE ?? 0.01) });
      await store.close();
    }
    const dataDir = join(dir, 'api');
    mkdirSync(dataDir);
    copyFileSync(dataset, join(dataDir, 'events.sqlite'));
    const { partnershipId } = busiest(join(dataDir, 'events.sqlite'));
    const subject = 'bench-secretariat';
    runCli(dataDir, ['grant', '--subject', subject, '--role', 'SECRETARIAT', '--partnership', partnershipId, '--reason', 'Bench']);
    const token = await mintIdentityToken({ secret: BENCH_JWT_SECRET, issuer: 'partnership-ledger', subject, maxLifetimeSeconds: 8 * 3600, expiresInSeconds: 8 * 3600 });
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
    const env = Object.fromEntries(argument('env') ? [argument('env')!.split('=', 2)] : []);
    const api = await startApi(dataDir, { env, nodeFlags: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [] });
    try {
      await benchCommandPathHttp(new BenchReport(), api, token, partnershipId, clients);
    } finally {
      await api.stop();
    }
    if (profileDir) {
      for (const file of readdirSync(profileDir).filter((name) => name.endsWith('.cpuprofile'))) {
        const profile = JSON.parse(readFileSync(join(profileDir, file), 'utf8')) as CpuProfile;
        console.log(`profile (${join(profileDir, file)}), self time:`);
        for (const { name, share, ms } of selfTime(profile, 40)) console.log(`  ${(share * 100).toFixed(1).padStart(5)}%  ${ms.toFixed(0).padStart(6)} ms  ${name}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await standalone();
