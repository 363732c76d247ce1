import { describe, it, expect } from '@jest/globals';
import { parse, parseAllDocuments } from 'yaml';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

// Nothing here can be run on this machine (no Docker engine, no cluster), so these tests
// check the shape of the packaging: the properties that, if lost in an edit, would break
// the cluster silently (a node seeding itself, two APIs sharing one data volume, a dev
// install in the runtime image, a probe that no longer asks /readyz or /healthz).

const root = process.cwd();
const read = (...parts: string[]): string => readFileSync(join(root, ...parts), 'utf8');

type Obj = Record<string, unknown>;

function obj(value: unknown, what: string): Obj {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${what}: expected a mapping, got ${JSON.stringify(value)}`);
  }
  return value as Obj;
}

function arr(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new Error(`${what}: expected a list, got ${JSON.stringify(value)}`);
  return value;
}

function str(value: unknown, what: string): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'string') throw new Error(`${what}: expected a string, got ${JSON.stringify(value)}`);
  return value;
}

/** Compose `environment` may be a mapping or a list of KEY=VALUE strings. */
function envOf(service: Obj, what: string): Record<string, string> {
  const env = service.environment;
  if (env === undefined) return {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((entry) => {
        const text = str(entry, `${what} environment entry`);
        const eq = text.indexOf('=');
        return eq < 0 ? [text, ''] : [text.slice(0, eq), text.slice(eq + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(obj(env, `${what} environment`)).map(([k, v]) => [k, str(v, `${what} ${k}`)]));
}

/** Hosts named by an `esdb://` or `esdb+discover://` connection string. */
function esdbHosts(connection: string): string[] {
  const match = /^esdb(?:\+discover)?:\/\/(?:[^@/]*@)?([^/?]+)/.exec(connection);
  if (!match) throw new Error(`not an esdb connection string: ${connection}`);
  return match[1].split(',').map((hostPort) => hostPort.split(':')[0]);
}

function seedHosts(seed: string): string[] {
  return seed
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((hostPort) => {
      const [host, port] = hostPort.split(':');
      expect(port).toBe('2113');
      return host;
    });
}

// ---------------------------------------------------------------------------------------
// docker compose
// ---------------------------------------------------------------------------------------

const compose = obj(parse(read('infra', 'docker-compose.yml')), 'compose file');
const services = obj(compose.services, 'services');

const isEventStore = (service: Obj): boolean => typeof service.image === 'string' && /eventstore/i.test(service.image);
const nodeNames = Object.keys(services).filter((name) => isEventStore(obj(services[name], name)));
const apiNames = Object.keys(services).filter((name) => obj(services[name], name).build !== undefined);

describe('infra/docker-compose.yml: the EventStoreDB cluster', () => {
  it('has exactly three EventStoreDB nodes, all on the same pinned image', () => {
    expect(nodeNames).toHaveLength(3);
    const images = new Set(nodeNames.map((name) => str(obj(services[name], name).image, `${name}.image`)));
    expect(images.size).toBe(1);
    const [image] = [...images];
    expect(image).toMatch(/:\d+\.\d+/);
    expect(image).not.toMatch(/:latest$/);
  });

  it('sets cluster size 3 on every node', () => {
    for (const name of nodeNames) {
      expect(envOf(obj(services[name], name), name).EVENTSTORE_CLUSTER_SIZE).toBe('3');
    }
  });

  it("gives every node a gossip seed naming the other two nodes and not itself", () => {
    for (const name of nodeNames) {
      const env = envOf(obj(services[name], name), name);
      expect(env.EVENTSTORE_GOSSIP_SEED).toBeDefined();
      const hosts = seedHosts(env.EVENTSTORE_GOSSIP_SEED);
      expect(hosts).not.toContain(name);
      expect([...hosts].sort()).toEqual(nodeNames.filter((other) => other !== name).sort());
    }
  });

  it('configures every node for this app: no server projections, node and replication ports, its own advertised name', () => {
    for (const name of nodeNames) {
      const service = obj(services[name], name);
      const env = envOf(service, name);
      expect(env.EVENTSTORE_RUN_PROJECTIONS).toBe('None');
      expect(env.EVENTSTORE_INSECURE).toBe('true');
      expect(env.EVENTSTORE_NODE_PORT).toBe('2113');
      expect(env.EVENTSTORE_REPLICATION_PORT).toBe('1112');
      expect(env.EVENTSTORE_REPLICATION_IP ?? env.EVENTSTORE_INT_IP).toBeDefined();
      // What the node gossips must be a name the other nodes and the APIs can resolve.
      const hostname = service.hostname === undefined ? name : str(service.hostname, `${name}.hostname`);
      expect([name, hostname]).toContain(env.EVENTSTORE_NODE_HOST_ADVERTISE_AS);
      expect([name, hostname]).toContain(env.EVENTSTORE_REPLICATION_HOST_ADVERTISE_AS);
    }
  });

  it('gives every node its own data volume', () => {
    const dataVolumes = nodeNames.map((name) => {
      const volumes = arr(obj(services[name], name).volumes, `${name}.volumes`).map((v) => str(v, `${name} volume`));
      const data = volumes.find((v) => v.endsWith(':/var/lib/eventstore'));
      expect(data).toBeDefined();
      return data!.split(':')[0];
    });
    expect(new Set(dataVolumes).size).toBe(3);
  });
});

describe('infra/docker-compose.yml: the API instances', () => {
  it('runs exactly two APIs, api-1 and api-2, built from the root Dockerfile', () => {
    expect([...apiNames].sort()).toEqual(['api-1', 'api-2']);
    for (const name of apiNames) {
      const build = obj(obj(services[name], name).build, `${name}.build`);
      expect(resolve(root, 'infra', str(build.context, `${name}.build.context`))).toBe(resolve(root));
      expect(build.dockerfile ?? 'Dockerfile').toBe('Dockerfile');
    }
  });

  it("points every API's ESDB_CONNECTION_STRING at all three nodes, without TLS (local cluster)", () => {
    for (const name of apiNames) {
      const connection = envOf(obj(services[name], name), name).ESDB_CONNECTION_STRING;
      expect(connection).toBeDefined();
      expect([...esdbHosts(connection)].sort()).toEqual([...nodeNames].sort());
      expect(connection).toMatch(/[?&]tls=false(&|$)/);
    }
  });

  it('gives each API its own data volume at LEDGER_DATA_DIR', () => {
    const topLevelVolumes = Object.keys(obj(compose.volumes, 'volumes'));
    const sources = apiNames.map((name) => {
      const service = obj(services[name], name);
      const dataDir = envOf(service, name).LEDGER_DATA_DIR;
      expect(dataDir).toBe('/data');
      const volumes = arr(service.volumes, `${name}.volumes`).map((v) => str(v, `${name} volume`));
      const data = volumes.find((v) => v.split(':')[1] === dataDir);
      expect(data).toBeDefined();
      const source = data!.split(':')[0];
      expect(topLevelVolumes).toContain(source);
      return source;
    });
    expect(new Set(sources).size).toBe(apiNames.length);
  });

  it('gives each API the same LEDGER_JWT_SECRET, overridable from the environment, with a default of at least 32 characters', () => {
    const secrets = apiNames.map((name) => envOf(obj(services[name], name), name).LEDGER_JWT_SECRET);
    for (const secret of secrets) {
      expect(secret).toBeDefined();
      const match = /^\$\{LEDGER_JWT_SECRET:-([^}]+)\}$/.exec(secret);
      expect(match).not.toBeNull();
      expect(match![1].length).toBeGreaterThanOrEqual(32);
    }
    expect(new Set(secrets).size).toBe(1);
  });

  it('publishes the APIs on distinct host ports and starts them after the nodes', () => {
    const hostPorts = apiNames.map((name) => {
      const service = obj(services[name], name);
      const ports = arr(service.ports, `${name}.ports`).map((p) => str(p, `${name} port`));
      const api = ports.find((p) => p.endsWith(':3000'));
      expect(api).toBeDefined();
      const parts = api!.split(':');
      return parts[parts.length - 2];
    });
    expect(new Set(hostPorts).size).toBe(apiNames.length);

    for (const name of apiNames) {
      const dependsOn = obj(services[name], name).depends_on;
      const deps = Array.isArray(dependsOn) ? dependsOn.map((d) => str(d, 'depends_on')) : Object.keys(obj(dependsOn, 'depends_on'));
      expect([...deps].sort()).toEqual([...nodeNames].sort());
    }
  });
});

// ---------------------------------------------------------------------------------------
// Kubernetes
// ---------------------------------------------------------------------------------------

const k8sDir = join(root, 'infra', 'k8s');
const manifests: Obj[] = readdirSync(k8sDir)
  .filter((file) => /\.ya?ml$/.test(file))
  .flatMap((file) =>
    parseAllDocuments(readFileSync(join(k8sDir, file), 'utf8')).map((doc) => {
      if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
      return obj(doc.toJS(), file);
    }),
  );

const ofKind = (kind: string): Obj[] => manifests.filter((m) => m.kind === kind);
const nameOf = (m: Obj): string => str(obj(m.metadata, 'metadata').name, 'metadata.name');
const podSpecOf = (workload: Obj): Obj => obj(obj(obj(workload.spec, 'spec').template, 'template').spec, 'template.spec');
const containersOf = (workload: Obj): Obj[] => arr(podSpecOf(workload).containers, 'containers').map((c) => obj(c, 'container'));

type EnvVar = { name: string; value?: string; valueFrom?: Obj };
const k8sEnv = (container: Obj): EnvVar[] =>
  arr(container.env ?? [], 'env').map((e) => {
    const o = obj(e, 'env var');
    return {
      name: str(o.name, 'env.name'),
      value: o.value === undefined ? undefined : str(o.value, 'env.value'),
      valueFrom: o.valueFrom === undefined ? undefined : obj(o.valueFrom, 'env.valueFrom'),
    };
  });
const envVar = (container: Obj, name: string): EnvVar | undefined => k8sEnv(container).find((e) => e.name === name);

const statefulSets = ofKind('StatefulSet').filter((s) => containersOf(s).some((c) => /eventstore/i.test(str(c.image, 'image'))));
const deployments = ofKind('Deployment');

describe('infra/k8s: EventStoreDB StatefulSet', () => {
  it('is one StatefulSet with 3 replicas and cluster size 3', () => {
    expect(statefulSets).toHaveLength(1);
    const [sts] = statefulSets;
    expect(obj(sts.spec, 'spec').replicas).toBe(3);
    const [container] = containersOf(sts);
    expect(envVar(container, 'EVENTSTORE_CLUSTER_SIZE')?.value).toBe('3');
    expect(envVar(container, 'EVENTSTORE_RUN_PROJECTIONS')?.value).toBe('None');
  });

  it('has a headless Service that publishes not-ready pods, named as the StatefulSet serviceName', () => {
    const [sts] = statefulSets;
    const serviceName = str(obj(sts.spec, 'spec').serviceName, 'serviceName');
    const service = ofKind('Service').find((s) => nameOf(s) === serviceName);
    expect(service).toBeDefined();
    const spec = obj(service!.spec, 'service spec');
    expect(spec.clusterIP).toBe('None');
    expect(spec.publishNotReadyAddresses).toBe(true);
    const selector = obj(spec.selector, 'service selector');
    const podLabels = obj(obj(obj(obj(sts.spec, 'spec').template, 'template').metadata, 'template.metadata').labels, 'labels');
    for (const [key, value] of Object.entries(selector)) expect(podLabels[key]).toBe(value);
  });

  it('seeds gossip with every pod by its name under the headless Service', () => {
    const [sts] = statefulSets;
    const stsName = nameOf(sts);
    const spec = obj(sts.spec, 'spec');
    const serviceName = str(spec.serviceName, 'serviceName');
    const replicas = Number(spec.replicas);
    const [container] = containersOf(sts);
    const seed = envVar(container, 'EVENTSTORE_GOSSIP_SEED')?.value;
    expect(seed).toBeDefined();
    const hosts = seedHosts(seed!);
    const podDns = new RegExp(`^${stsName}-(\\d+)\\.${serviceName}(\\.[a-z0-9.-]+)?$`);
    for (const host of hosts) expect(host).toMatch(podDns);
    const ordinals = hosts.map((h) => Number(podDns.exec(h)![1])).sort();
    expect(ordinals).toEqual(Array.from({ length: replicas }, (_, i) => i));
  });

  it('advertises each pod by its name under the headless Service', () => {
    const [sts] = statefulSets;
    const serviceName = str(obj(sts.spec, 'spec').serviceName, 'serviceName');
    const [container] = containersOf(sts);
    expect(envVar(container, 'POD_NAME')?.valueFrom).toEqual({ fieldRef: { fieldPath: 'metadata.name' } });
    for (const name of ['EVENTSTORE_NODE_HOST_ADVERTISE_AS', 'EVENTSTORE_REPLICATION_HOST_ADVERTISE_AS']) {
      expect(envVar(container, name)?.value).toBe(`$(POD_NAME).${serviceName}`);
    }
  });
});

describe('infra/k8s: API Deployment', () => {
  const deployment = deployments[0];
  const container = (): Obj => containersOf(deployment)[0];

  it('is one Deployment whose ConfigMap connection string names every database pod', () => {
    expect(deployments).toHaveLength(1);
    const ref = envVar(container(), 'ESDB_CONNECTION_STRING')?.valueFrom;
    expect(ref).toBeDefined();
    const configMapKeyRef = obj(ref!.configMapKeyRef, 'configMapKeyRef');
    const configMap = ofKind('ConfigMap').find((c) => nameOf(c) === configMapKeyRef.name);
    expect(configMap).toBeDefined();
    const connection = str(obj(configMap!.data, 'data')[str(configMapKeyRef.key, 'key')], 'connection string');

    const [sts] = statefulSets;
    const serviceName = str(obj(sts.spec, 'spec').serviceName, 'serviceName');
    const expected = Array.from({ length: Number(obj(sts.spec, 'spec').replicas) }, (_, i) => `${nameOf(sts)}-${i}.${serviceName}`);
    expect([...esdbHosts(connection)].sort()).toEqual(expected);
  });

  it('takes LEDGER_JWT_SECRET from a Secret, not a literal', () => {
    const secret = envVar(container(), 'LEDGER_JWT_SECRET');
    expect(secret).toBeDefined();
    expect(secret!.value).toBeUndefined();
    const ref = obj(secret!.valueFrom!.secretKeyRef, 'secretKeyRef');
    expect(typeof ref.name).toBe('string');
    expect(ref.key).toBe('LEDGER_JWT_SECRET');
  });

  it('probes GET /readyz for startup and readiness, and GET /healthz for liveness, on the container port', () => {
    const port = str(obj(arr(container().ports, 'ports')[0], 'port').name, 'port name');
    const probes = { startupProbe: '/readyz', readinessProbe: '/readyz', livenessProbe: '/healthz' };
    for (const [probeName, path] of Object.entries(probes)) {
      const httpGet = obj(obj(container()[probeName], probeName).httpGet, `${probeName}.httpGet`);
      expect(httpGet.path).toBe(path);
      expect(httpGet.port).toBe(port);
    }
    // Liveness must not restart pods just because the store is down: /healthz touches no store.
    expect(JSON.stringify(container().livenessProbe)).not.toMatch(/readyz|graphql/);
  });

  it('runs as a non-root, numeric user', () => {
    const pod = obj(podSpecOf(deployment).securityContext, 'pod securityContext');
    const own = (container().securityContext ?? {}) as Obj;
    expect(own.runAsNonRoot ?? pod.runAsNonRoot).toBe(true);
    const uid = own.runAsUser ?? pod.runAsUser;
    expect(typeof uid).toBe('number');
    expect(uid).not.toBe(0);
    expect(own.allowPrivilegeEscalation).toBe(false);
  });

  it('mounts a per-pod volume (emptyDir or PVC) at LEDGER_DATA_DIR', () => {
    const dataDir = envVar(container(), 'LEDGER_DATA_DIR')?.value;
    expect(dataDir).toBe('/data');
    const mount = arr(container().volumeMounts, 'volumeMounts')
      .map((m) => obj(m, 'volumeMount'))
      .find((m) => m.mountPath === dataDir);
    expect(mount).toBeDefined();
    const volume = arr(podSpecOf(deployment).volumes, 'volumes')
      .map((v) => obj(v, 'volume'))
      .find((v) => v.name === mount!.name);
    expect(volume).toBeDefined();
    expect(volume!.emptyDir !== undefined || volume!.persistentVolumeClaim !== undefined).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------
// Dockerfile
// ---------------------------------------------------------------------------------------

type Instruction = { keyword: string; args: string };

/** Instructions of a Dockerfile: comments dropped, `\` continuations joined. */
function instructions(text: string): Instruction[] {
  const logical: string[] = [];
  let current = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('#') || (line === '' && current === '')) continue;
    if (line.endsWith('\\')) {
      current += line.slice(0, -1) + ' ';
      continue;
    }
    current += line;
    if (current.trim() !== '') logical.push(current.trim());
    current = '';
  }
  return logical.map((line) => {
    const space = line.search(/\s/);
    return space < 0 ? { keyword: line.toUpperCase(), args: '' } : { keyword: line.slice(0, space).toUpperCase(), args: line.slice(space + 1).trim() };
  });
}

function stages(all: Instruction[]): { from: string; name?: string; body: Instruction[] }[] {
  const result: { from: string; name?: string; body: Instruction[] }[] = [];
  for (const instruction of all) {
    if (instruction.keyword === 'FROM') {
      const [image, as, name] = instruction.args.split(/\s+/);
      result.push({ from: image, name: as?.toUpperCase() === 'AS' ? name : undefined, body: [] });
    } else if (result.length > 0) {
      result[result.length - 1].body.push(instruction);
    }
  }
  return result;
}

const dockerStages = stages(instructions(read('Dockerfile')));
const finalStage = dockerStages[dockerStages.length - 1];
const installsDevDependencies = (run: string): boolean =>
  /\b(npm\s+(ci|install|i)|yarn(\s+install)?|pnpm\s+(install|i))\b/.test(run) && !/--omit[= ]dev|--production\b|--prod\b/.test(run);

describe('Dockerfile', () => {
  it('has at least two stages on Node 24 bookworm-slim, the build stage with the native toolchain', () => {
    expect(dockerStages.length).toBeGreaterThanOrEqual(2);
    expect(finalStage.from).toBe('node:24-bookworm-slim');
    const buildRuns = dockerStages[0].body.filter((i) => i.keyword === 'RUN').map((i) => i.args).join(' ');
    for (const tool of ['python3', 'make', 'g++']) expect(buildRuns.split(/\s+/)).toContain(tool);
  });

  // better-sqlite3 12 compiled against Node >= 24.19 headers aborts when the GC frees a statement
  // (nodejs/node#65446): the addon is compiled with the image's own headers of a 24.x before that,
  // the same release CI compiles it against for its Node 24 run.
  it('compiles the native addon against the Node 24.x headers that CI tests, from before 24.19', () => {
    const ciHeaders = /^node24_headers=(\S+)$/m.exec(read('.ci', 'run'))?.[1];
    expect(ciHeaders).toMatch(/^24\.\d+\.\d+$/);
    expect(Number(ciHeaders!.split('.')[1])).toBeLessThan(19);
    for (const stage of dockerStages.slice(0, -1)) expect(stage.from).toBe(`node:${ciHeaders}-bookworm-slim`);
    const buildEnv = dockerStages[0].body.filter((i) => i.keyword === 'ENV').map((i) => i.args);
    expect(buildEnv).toContain('npm_config_nodedir=/usr/local');
  });

  it('switches to a non-root USER in the final stage', () => {
    const users = finalStage.body.filter((i) => i.keyword === 'USER').map((i) => i.args.split(':')[0]);
    expect(users.length).toBeGreaterThan(0);
    const last = users[users.length - 1];
    expect(['root', '0']).not.toContain(last);
    expect(last).toBe('node');
  });

  it('has a HEALTHCHECK in the final stage that requires GET /readyz to answer 200', () => {
    const healthchecks = finalStage.body.filter((i) => i.keyword === 'HEALTHCHECK');
    expect(healthchecks).toHaveLength(1);
    const [healthcheck] = healthchecks;
    expect(healthcheck.args).toMatch(/\bCMD\b/);
    expect(healthcheck.args).toMatch(/\/readyz'/);
    expect(healthcheck.args).toMatch(/r\.status===200\?0:1/);
    expect(healthcheck.args).not.toMatch(/graphql/);
  });

  it('installs no dependencies in the final stage and copies production-only node_modules from a pruned stage', () => {
    const finalRuns = finalStage.body.filter((i) => i.keyword === 'RUN').map((i) => i.args);
    for (const run of finalRuns) expect(installsDevDependencies(run)).toBe(false);
    expect(finalRuns.some((run) => /\b(npm|yarn|pnpm)\b/.test(run))).toBe(false);

    const copyModules = finalStage.body.find((i) => i.keyword === 'COPY' && /node_modules/.test(i.args));
    expect(copyModules).toBeDefined();
    const fromStage = /--from=(\S+)/.exec(copyModules!.args)?.[1];
    const source = dockerStages.find((s) => s.name === fromStage);
    expect(source).toBeDefined();
    const sourceRuns = source!.body.filter((i) => i.keyword === 'RUN').map((i) => i.args);
    // The last dependency step of the source stage leaves only production dependencies.
    const lastDependencyStep = [...sourceRuns].reverse().find((run) => /\b(npm|yarn|pnpm)\b.*\b(ci|install|prune)\b/.test(run));
    expect(lastDependencyStep).toMatch(/(npm prune|npm ci)[^&]*--omit=dev/);
  });

  it('runs the built API with LEDGER_DATA_DIR=/data as a volume and exposes 3000', () => {
    const final = finalStage.body;
    expect(final.some((i) => i.keyword === 'ENV' && /LEDGER_DATA_DIR=\/data\b/.test(i.args))).toBe(true);
    expect(final.some((i) => i.keyword === 'VOLUME' && /\/data\b/.test(i.args))).toBe(true);
    expect(final.some((i) => i.keyword === 'RUN' && /chown\s+node:node\s+\/data\b/.test(i.args))).toBe(true);
    expect(final.some((i) => i.keyword === 'EXPOSE' && i.args.split(/\s+/).includes('3000'))).toBe(true);
    const cmd = final.filter((i) => i.keyword === 'CMD').pop();
    expect(cmd?.args).toMatch(/dist\/apps\/api\/src\/main\.js/);
  });

  it('keeps local data, dependencies and build output out of the build context', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#'));
    for (const entry of ['node_modules', 'dist', 'data', '.git']) expect(ignored).toContain(entry);
  });
});

describe('infra documentation', () => {
  it('exists where the compose file and manifests point to it', () => {
    for (const file of [['infra', 'README.md'], ['infra', 'k8s', 'README.md'], ['docs', 'scaling.md']]) {
      expect(existsSync(join(root, ...file))).toBe(true);
    }
    expect(read('infra', 'k8s', 'README.md')).toMatch(/Helm|operator/);
  });
});
