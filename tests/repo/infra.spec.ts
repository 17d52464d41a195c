import 'reflect-metadata';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { ConfigError, loadConfig, type AppConfig, type ServiceName } from '@wirewatch/config';
import { JOB_STATES, Metrics } from '@wirewatch/observability';

/**
 * infra/ (Kubernetes manifests, Prometheus, Grafana) and docker-compose.yml checked against the code they
 * describe: the variables the config loader reads, the services and their entry points, the health and
 * metrics routes, and the metrics the services declare. Nothing here is a copied list: rename a variable,
 * a metric, a label or a service and this test names the file to update.
 */

const ROOT = join(__dirname, '..', '..');
const K8S = join(ROOT, 'infra', 'k8s');
const read = (...p: string[]) => readFileSync(join(ROOT, ...p), 'utf8');

function parseYaml(file: string): any {
  return parse(readFileSync(file, 'utf8'), { merge: true, prettyErrors: true });
}

/** Every YAML document of a file; a syntax error fails the test with the file's name. */
function parseYamlDocuments(file: string): any[] {
  return parseAllDocuments(readFileSync(file, 'utf8'), { merge: true }).flatMap((doc) => {
    if (doc.errors.length) throw new Error(`${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
    const value = doc.toJS();
    return value == null ? [] : [value];
  });
}

// ---- what the code says ----------------------------------------------------------------------------------

/** The variables loadConfig reads: it is run on an environment that records every name it is asked for. */
function loaderVariables(): Set<string> {
  const asked = new Set<string>();
  const env = new Proxy({} as Record<string, string | undefined>, {
    get: (_t, key) => {
      if (typeof key === 'string') asked.add(key);
      return undefined;
    },
  });
  try {
    loadConfig('fetcher', env, { requireApiKeys: false });
  } catch {
    /* only the names matter */
  }
  return asked;
}

/** The variables a service cannot start without: those named by the loader's errors on an empty environment. */
function requiredVariables(known: Set<string>): string[] {
  try {
    loadConfig('fetcher', {});
    return [];
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return e.problems.map((p) => /^([A-Z][A-Z0-9_]*)/.exec(p)?.[1]).filter((n): n is string => !!n && known.has(n));
  }
}

/** The configuration a service would load from an environment, or the loader's complaint. */
function configFor(service: string, env: Record<string, string>): AppConfig {
  try {
    return loadConfig(service as ServiceName, env);
  } catch (e) {
    throw new Error(`${service}: ${(e as Error).message}`);
  }
}

/** The services of the monorepo: every services/<name>/src/main.ts, which must start through loadConfig('<name>'). */
const SERVICES = readdirSync(join(ROOT, 'services')).filter((d) => existsSync(join(ROOT, 'services', d, 'src', 'main.ts'))).sort();

/** `node ... dist/services/<name>/src/main.js` → <name>, after checking that the source of that file exists. */
function serviceOfCommand(command: unknown): string {
  expect(Array.isArray(command)).toBe(true);
  const script = (command as string[]).find((a) => a.endsWith('.js'));
  const m = /^dist\/(services\/([a-z-]+)\/src\/main)\.js$/.exec(script ?? '');
  if (!m) throw new Error(`command ${JSON.stringify(command)} does not run dist/services/<name>/src/main.js`);
  expect((command as string[])[0]).toBe('node');
  expect(existsSync(join(ROOT, `${m[1]}.ts`))).toBe(true);
  return m[2];
}

interface DeclaredMetric {
  type: string;
  labels: Set<string>;
}

/**
 * The metrics a service exposes: those of a real `Metrics` registry (libs/observability/src/metrics.ts, with
 * Node's default metrics), plus any `new Counter/Gauge/Histogram/Summary({ name: 'wirewatch_…' })` declared
 * elsewhere in libs/ or services/. Histograms also expose _bucket, _sum and _count; summaries _sum and _count.
 */
function declaredMetrics(): Map<string, DeclaredMetric> {
  const out = new Map<string, DeclaredMetric>();
  const add = (name: string, type: string, labels: string[]) => {
    const suffixes = type === 'histogram' ? ['', '_bucket', '_sum', '_count'] : type === 'summary' ? ['', '_sum', '_count'] : [''];
    for (const s of suffixes) out.set(name + s, { type: s ? 'series' : type, labels: new Set([...labels, ...(s === '_bucket' ? ['le'] : []), ...(type === 'summary' && !s ? ['quantile'] : [])]) });
  };
  const registry = new Metrics('infra-spec').registry;
  for (const metric of registry.getMetricsAsArray() as any[]) {
    add(metric.name, metric.type ?? (metric.constructor?.name ?? '').toLowerCase(), metric.labelNames ?? []);
  }
  const sourceFiles = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? sourceFiles(join(dir, e.name)) : /(?<!\.(spec|integration-spec|e2e-spec))\.ts$/.test(e.name) ? [join(dir, e.name)] : [],
    );
  for (const top of ['libs', 'services']) {
    for (const file of sourceFiles(join(ROOT, top))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/new (Counter|Gauge|Histogram|Summary)\(\s*\{([\s\S]{0,600}?)\}\s*\)/g)) {
        const name = /name:\s*'(wirewatch_[a-z0-9_]+)'/.exec(m[2])?.[1];
        if (!name || out.has(name)) continue;
        const labels = /labelNames:\s*\[([^\]]*)\]/.exec(m[2])?.[1].match(/'([a-z_]+)'/g)?.map((s) => s.slice(1, -1)) ?? [];
        add(name, m[1].toLowerCase(), labels);
      }
    }
  }
  return out;
}

/** Labels Prometheus or the registry adds to every series (the service label is a default label). */
const TARGET_LABELS = ['service', 'job', 'instance', 'namespace', 'pod'];

/**
 * The problems of one PromQL expression: metric names (wirewatch_*, process_*, nodejs_*) the services do not
 * declare, label names in selectors, grouping clauses and legends that none of its metrics has, and
 * wirewatch_queue_jobs states that metrics.ts does not report.
 */
function promqlProblems(where: string, expr: string, declared: Map<string, DeclaredMetric>, legend?: string): string[] {
  const problems: string[] = [];
  const names = [...new Set(expr.match(/\b(?:wirewatch|process|nodejs)_[a-z0-9_]+\b/g) ?? [])];
  const labels = new Set(TARGET_LABELS);
  for (const name of names) {
    const metric = declared.get(name);
    if (!metric) problems.push(`${where}: metric ${name} is not declared (libs/observability/src/metrics.ts)`);
    else metric.labels.forEach((l) => labels.add(l));
  }
  const used = new Set<string>();
  for (const sel of expr.matchAll(/\{([^{}]*)\}/g)) {
    for (const m of sel[1].matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|!~|!=|=)/g)) used.add(m[1]);
  }
  for (const clause of expr.matchAll(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)/g)) {
    clause[1].split(',').map((s) => s.trim()).filter(Boolean).forEach((l) => used.add(l));
  }
  for (const m of (legend ?? '').matchAll(/\{\{\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}/g)) used.add(m[1]);
  for (const l of used) if (!labels.has(l) && !l.startsWith('__')) problems.push(`${where}: label ${l} belongs to none of ${names.join(', ') || 'its metrics'}`);
  for (const m of expr.matchAll(/wirewatch_queue_jobs\{[^}]*state\s*(=~|=)\s*"([^"]*)"/g)) {
    for (const state of m[2].split('|')) {
      if (!(JOB_STATES as readonly string[]).includes(state)) problems.push(`${where}: wirewatch_queue_jobs has no state ${state}`);
    }
  }
  return problems;
}

// ---- the files ---------------------------------------------------------------------------------------------

const KNOWN = loaderVariables();
const REQUIRED = requiredVariables(KNOWN);

/** docker-compose.yml with its `${VAR:-default}` / `${VAR:?message}` interpolated as `docker compose` would. */
const COMPOSE_VARS: Record<string, string> = { API_KEYS: 'infra-spec-key-0123456789abcdef' };
function interpolate(value: unknown): string {
  return String(value).replace(/\$\$|\$\{([A-Z_][A-Z0-9_]*)(?:(:?[-?])([^}]*))?\}/g, (all, name: string, op: string, arg: string) => {
    if (all === '$$') return '$';
    const v = COMPOSE_VARS[name];
    if (op?.endsWith('?') && !v) throw new Error(`docker-compose.yml needs ${name}: ${arg}`);
    return v || (op?.endsWith('-') ? arg : '');
  });
}
function composeEnv(env: unknown): Record<string, string> {
  const entries = Array.isArray(env) ? env.map((e: string) => e.split(/=(.*)/s).slice(0, 2)) : Object.entries(env ?? {});
  return Object.fromEntries(entries.map(([k, v]) => [k, interpolate(v ?? '')]));
}

const compose = parseYaml(join(ROOT, 'docker-compose.yml'));
const composeServices: Record<string, any> = compose.services;
/** The compose services that run a WireWatch service: those whose command runs dist/services/<name>/src/main.js. */
const composeApps = Object.entries(composeServices).filter(([, s]) => (s.command ?? []).some?.((a: string) => /^dist\/services\//.test(a)));

// Kubernetes: every document of every YAML file but kustomization.yaml, which lists them.
const k8sFiles = readdirSync(K8S).filter((f) => /\.ya?ml$/.test(f)).sort();
const kustomization = parseYaml(join(K8S, 'kustomization.yaml'));
const manifests = k8sFiles.filter((f) => f !== 'kustomization.yaml').flatMap((f) => parseYamlDocuments(join(K8S, f)).map((doc) => ({ file: f, doc })));
const ofKind = (kind: string) => manifests.filter((m) => m.doc.kind === kind).map((m) => m.doc);
const deployments = ofKind('Deployment');
const byName = (kind: string, name: string) => ofKind(kind).find((d) => d.metadata?.name === name);

function resolvePort(container: any, port: unknown): number | undefined {
  if (typeof port === 'number') return port;
  return container.ports?.find((p: any) => p.name === port)?.containerPort;
}

function matches(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  return !!selector && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

/** The environment a container gets: its envFrom ConfigMaps and Secrets, then its own env. */
function containerEnv(container: any): Record<string, string> {
  const env: Record<string, string> = {};
  for (const from of container.envFrom ?? []) {
    if (from.configMapRef) Object.assign(env, byName('ConfigMap', from.configMapRef.name)?.data);
    if (from.secretRef) Object.assign(env, byName('Secret', from.secretRef.name)?.stringData);
  }
  for (const e of container.env ?? []) env[e.name] = e.value ?? 'from-elsewhere';
  return env;
}

const preStopSeconds = (container: any): number => {
  const cmd: string[] = container.lifecycle?.preStop?.exec?.command ?? [];
  const sleep = container.lifecycle?.preStop?.sleep?.seconds ?? (cmd[0] === 'sleep' ? Number(cmd[1]) : 0);
  return Number(sleep) || 0;
};

const declared = declaredMetrics();

// ---- tests -----------------------------------------------------------------------------------------------

describe('the config loader, as this test reads it', () => {
  it('reads a set of variables that includes the connection strings, and requires the API keys', () => {
    expect([...KNOWN]).toEqual(expect.arrayContaining(['DATABASE_URL', 'REDIS_URL', 'API_KEYS', 'PORT', 'SHUTDOWN_TIMEOUT_MS']));
    expect(REQUIRED).toContain('API_KEYS');
  });

  it('serves the routes the probes and the scrape configurations use', () => {
    const health = read('libs', 'platform', 'src', 'health.controller.ts');
    expect(health).toMatch(/@Controller\('health'\)/);
    expect(health).toMatch(/@Get\(\[[^\]]*'ready'[^\]]*\]\)/);
    expect(health).toMatch(/@Get\('live'\)/);
    expect(read('libs', 'platform', 'src', 'metrics.controller.ts')).toMatch(/@Controller\('metrics'\)/);
  });
});

describe('infra/k8s', () => {
  it('parses, lists every manifest file in kustomization.yaml, and keeps everything in one namespace', () => {
    expect(manifests.length).toBeGreaterThan(0);
    expect([...kustomization.resources].sort()).toEqual(k8sFiles.filter((f) => f !== 'kustomization.yaml'));
    const namespaces = ofKind('Namespace').map((n) => n.metadata.name);
    expect(namespaces).toHaveLength(1);
    expect(kustomization.namespace).toBe(namespaces[0]);
    for (const { file, doc } of manifests) {
      expect({ file, kind: doc.kind, apiVersion: typeof doc.apiVersion, name: typeof doc.metadata?.name }).toEqual({ file, kind: doc.kind, apiVersion: 'string', name: 'string' });
      if (doc.kind !== 'Namespace') expect({ file, name: doc.metadata.name, namespace: doc.metadata.namespace }).toEqual({ file, name: doc.metadata.name, namespace: namespaces[0] });
    }
  });

  it('runs Postgres and Redis outside: no workload of theirs, their URLs in the Secret', () => {
    const workloads = manifests.filter((m) => /^(Deployment|StatefulSet|DaemonSet)$/.test(m.doc.kind));
    const images = workloads.flatMap((m) => m.doc.spec.template.spec.containers.map((c: any) => c.image as string));
    expect(images.filter((i) => /postgres|redis/i.test(i))).toEqual([]);
    const secrets = ofKind('Secret');
    expect(secrets.length).toBeGreaterThan(0);
    for (const s of secrets) {
      expect(s.data).toBeUndefined(); // stringData: readable placeholders, nothing base64-encoded to forget
      expect(Object.keys(s.stringData)).toEqual(expect.arrayContaining(['DATABASE_URL', 'REDIS_URL', ...REQUIRED]));
    }
    for (const c of ofKind('ConfigMap')) expect(Object.keys(c.data).filter((k) => /URL|KEY|SECRET|PASSWORD|TOKEN/.test(k))).toEqual([]);
  });

  it('names only variables the config loader reads, in ConfigMaps, Secrets and containers', () => {
    const unknown: string[] = [];
    const check = (where: string, names: string[]) => names.filter((n) => !KNOWN.has(n)).forEach((n) => unknown.push(`${where}: ${n}`));
    for (const c of ofKind('ConfigMap')) check(`ConfigMap ${c.metadata.name}`, Object.keys(c.data ?? {}));
    for (const s of ofKind('Secret')) check(`Secret ${s.metadata.name}`, Object.keys({ ...s.data, ...s.stringData }));
    for (const d of deployments) for (const c of d.spec.template.spec.containers) check(`Deployment ${d.metadata.name}`, (c.env ?? []).map((e: any) => e.name));
    expect(unknown).toEqual([]);
    // a key in both a ConfigMap and a Secret would depend on the order of envFrom
    const inConfigMaps = ofKind('ConfigMap').flatMap((c) => Object.keys(c.data ?? {}));
    expect(ofKind('Secret').flatMap((s) => Object.keys(s.stringData ?? {})).filter((k) => inConfigMaps.includes(k))).toEqual([]);
  });

  it('has one Deployment per service, all of one wirewatch image, each running that service like compose does', () => {
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual(SERVICES);
    const images = new Set<string>();
    for (const d of deployments) {
      const [container, ...others] = d.spec.template.spec.containers;
      expect(others).toEqual([]);
      images.add(container.image);
      expect(serviceOfCommand(container.command)).toBe(d.metadata.name);
      expect(container.command).toEqual(composeServices[d.metadata.name]?.command);
      expect(matches(d.spec.selector.matchLabels, d.spec.template.metadata.labels)).toBe(true);
    }
    expect(images.size).toBe(1);
    const [image] = images;
    expect(image).toMatch(/^wirewatch:[\w.-]+$/);
    expect(image).not.toMatch(/:latest$/);
    expect((kustomization.images ?? []).map((i: any) => i.name)).toEqual((kustomization.images ?? []).map(() => 'wirewatch'));
  });

  describe.each(SERVICES)('the %s Deployment', (name) => {
    const d = byName('Deployment', name);
    const pod = d?.spec.template.spec;
    const container = pod?.containers[0];

    it('gets an environment the config loader accepts, PORT included, with every required variable', () => {
      const env = containerEnv(container);
      for (const v of REQUIRED) expect(Object.keys(env)).toContain(v);
      expect((container.env ?? []).map((e: any) => e.name)).toContain('PORT');
      const cfg = configFor(name, env);
      expect(container.ports.map((p: any) => p.containerPort)).toEqual([cfg.port]);
    });

    it('probes /health/ready, /health/live and startup on the container port, which the Service targets', () => {
      const port = container.ports[0].containerPort;
      expect(container.readinessProbe.httpGet.path).toBe('/health/ready');
      expect(container.livenessProbe.httpGet.path).toBe('/health/live');
      expect(container.startupProbe.httpGet.path).toMatch(/^\/health(\/live|\/ready)?$/);
      for (const probe of [container.readinessProbe, container.livenessProbe, container.startupProbe]) {
        expect(resolvePort(container, probe.httpGet.port)).toBe(port);
      }
      const services = ofKind('Service').filter((s) => matches(s.spec.selector, d.spec.template.metadata.labels));
      expect(services.map((s) => s.metadata.name)).toEqual([name]);
      for (const p of services[0].spec.ports) expect(resolvePort(container, p.targetPort ?? p.port)).toBe(port);
    });

    it('has resources, and a grace period longer than preStop plus SHUTDOWN_TIMEOUT_MS', () => {
      for (const kind of ['requests', 'limits']) expect(container.resources?.[kind]?.memory).toBeDefined();
      expect(container.resources.requests.cpu).toBeDefined();
      const cfg = configFor(name, containerEnv(container));
      expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(preStopSeconds(container) + cfg.shutdownTimeoutMs / 1000);
    });

    it('runs as the non-root user of infra/Dockerfile with a read-only root filesystem', () => {
      const finalStage = read('infra', 'Dockerfile').split(/^FROM /m).at(-1) ?? '';
      const user = /^USER\s+(\S+)/m.exec(finalStage)?.[1];
      expect(user).toBeDefined();
      expect(['root', '0']).not.toContain(user);
      const sc = { ...pod.securityContext, ...container.securityContext };
      expect(sc.runAsNonRoot).toBe(true);
      expect(sc.runAsUser).toBeGreaterThan(0); // numeric, or the kubelet cannot verify runAsNonRoot for USER node
      expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
      expect(container.securityContext.allowPrivilegeEscalation).toBe(false);
    });

    it('is annotated for Prometheus on its metrics port and path', () => {
      const a = d.spec.template.metadata.annotations ?? {};
      expect(a['prometheus.io/scrape']).toBe('true');
      expect(Number(a['prometheus.io/port'])).toBe(container.ports[0].containerPort);
      expect(a['prometheus.io/path'] ?? '/metrics').toBe('/metrics');
    });
  });

  it('scales with HPAs and protects with PDBs that target existing Deployments', () => {
    const hpas = ofKind('HorizontalPodAutoscaler');
    expect(hpas.length).toBeGreaterThan(0);
    for (const h of hpas) {
      expect(h.apiVersion).toBe('autoscaling/v2');
      expect(h.spec.scaleTargetRef.kind).toBe('Deployment');
      const target = byName('Deployment', h.spec.scaleTargetRef.name);
      expect(target).toBeDefined();
      expect(target.spec.replicas).toBeUndefined(); // the HPA owns the count; a fixed one is reset on each apply
      expect(h.spec.minReplicas).toBeGreaterThanOrEqual(1);
      expect(h.spec.maxReplicas).toBeGreaterThanOrEqual(h.spec.minReplicas);
      for (const m of h.spec.metrics ?? []) {
        if (m.type !== 'Resource') continue;
        for (const c of target.spec.template.spec.containers) expect(c.resources?.requests?.[m.resource.name]).toBeDefined();
      }
    }
    for (const p of ofKind('PodDisruptionBudget')) {
      expect(deployments.filter((d) => matches(p.spec.selector.matchLabels, d.spec.template.metadata.labels))).toHaveLength(1);
    }
  });
});

describe('docker-compose.yml', () => {
  it('runs every service with the same command, known variables, and a configuration the loader accepts', () => {
    expect(composeApps.map(([n]) => n).sort()).toEqual(SERVICES);
    const unknown: string[] = [];
    for (const [name, s] of composeApps) {
      expect(serviceOfCommand(s.command)).toBe(name);
      expect(s.profiles).toBeUndefined();
      const env = composeEnv(s.environment);
      Object.keys(env).filter((k) => !KNOWN.has(k)).forEach((k) => unknown.push(`${name}: ${k}`));
      const cfg = configFor(name, env);
      expect((s.ports ?? []).map((p: string) => Number(String(p).split(':').at(-1)))).toEqual([cfg.port]);
    }
    expect(unknown).toEqual([]);
    for (const name of ['postgres', 'redis']) expect(composeServices[name]?.profiles).toBeUndefined();
  });

  it('adds Prometheus and Grafana under the observability profile, mounting files that exist', () => {
    const observability = Object.entries(composeServices).filter(([, s]) => (s.profiles ?? []).includes('observability'));
    expect(observability.map(([, s]) => String(s.image).split(':')[0]).sort()).toEqual(['grafana/grafana', 'prom/prometheus']);
    for (const [name, s] of observability) {
      for (const v of s.volumes ?? []) {
        const [source] = String(v).split(':');
        if (source.startsWith('.')) expect({ name, source, exists: existsSync(join(ROOT, source)) }).toEqual({ name, source, exists: true });
      }
      for (const dep of [s.depends_on ?? []].flat().flatMap((x: any) => (typeof x === 'string' ? [x] : Object.keys(x)))) expect(composeServices[dep]).toBeDefined();
    }
  });
});

/** Where a compose service finds a container path: the host file or directory of its bind mount. */
function hostPath(service: any, containerPath: string): string | undefined {
  for (const v of service.volumes ?? []) {
    const [source, target] = String(v).split(':');
    if (!source.startsWith('.')) continue;
    if (containerPath === target) return join(ROOT, source);
    if (containerPath.startsWith(`${target}/`)) return join(ROOT, source, containerPath.slice(target.length + 1));
  }
  return undefined;
}

describe('infra/prometheus', () => {
  const [, prometheusService] = Object.entries(composeServices).find(([, s]) => String(s.image).startsWith('prom/prometheus')) ?? [];
  const configPath = (prometheusService?.command ?? []).find((a: string) => a.startsWith('--config.file='))?.split('=')[1] ?? '/etc/prometheus/prometheus.yml';
  const configFile = prometheusService && hostPath(prometheusService, configPath);

  it('is the configuration compose mounts, with rule files that are mounted too', () => {
    expect(configFile).toBe(join(ROOT, 'infra', 'prometheus', 'prometheus.yml'));
    const config = parseYaml(configFile!);
    expect(config.rule_files?.length).toBeGreaterThan(0);
    for (const rules of config.rule_files) {
      const file = hostPath(prometheusService, posix.resolve(posix.dirname(configPath), rules));
      expect(file && existsSync(file) && statSync(file).isFile()).toBe(true);
    }
  });

  it('scrapes /metrics of exactly the compose services, on their ports', () => {
    const config = parseYaml(join(ROOT, 'infra', 'prometheus', 'prometheus.yml'));
    const jobs = config.scrape_configs.filter((j: any) => j.job_name !== 'prometheus');
    const targets = jobs.flatMap((j: any) => {
      expect(j.metrics_path ?? '/metrics').toBe('/metrics');
      return (j.static_configs ?? []).flatMap((c: any) => c.targets);
    });
    const expected = composeApps.map(([name, s]) => `${name}:${configFor(name, composeEnv(s.environment)).port}`);
    expect(targets.sort()).toEqual(expected.sort());
  });

  it('discovers the Kubernetes pods by the annotations the Deployments carry', () => {
    const config = parseYaml(join(ROOT, 'infra', 'prometheus', 'prometheus-kubernetes.yml'));
    const job = config.scrape_configs.find((j: any) => (j.kubernetes_sd_configs ?? []).some((c: any) => c.role === 'pod'));
    expect(job).toBeDefined();
    const sd = job.kubernetes_sd_configs.find((c: any) => c.role === 'pod');
    for (const d of deployments) expect(sd.namespaces?.names ?? [d.metadata.namespace]).toContain(d.metadata.namespace);
    const sources = job.relabel_configs.flatMap((r: any) => r.source_labels ?? []);
    for (const d of deployments) {
      for (const key of Object.keys(d.spec.template.metadata.annotations).filter((k) => k.startsWith('prometheus.io/'))) {
        expect(sources).toContain(`__meta_kubernetes_pod_annotation_${key.replace(/[^a-zA-Z0-9]/g, '_')}`);
      }
    }
    const keep = job.relabel_configs.find((r: any) => r.action === 'keep');
    expect(keep.source_labels).toEqual(['__meta_kubernetes_pod_annotation_prometheus_io_scrape']);
    expect(new RegExp(`^(?:${keep.regex})$`).test('true')).toBe(true);
    expect(config.rule_files.every((f: string) => existsSync(join(ROOT, 'infra', 'prometheus', f)))).toBe(true);
  });

  it('has alert rules on metrics and labels the services declare', () => {
    const rules = parseYaml(join(ROOT, 'infra', 'prometheus', 'alerts.yml'));
    const all = rules.groups.flatMap((g: any) => g.rules);
    expect(all.length).toBeGreaterThan(0);
    const problems = all.flatMap((r: any) => {
      expect(typeof r.alert).toBe('string');
      expect(typeof r.expr).toBe('string');
      return promqlProblems(`alert ${r.alert}`, r.expr, declared);
    });
    expect(problems).toEqual([]);
  });
});

describe('infra/grafana', () => {
  const dashboardsDir = join(ROOT, 'infra', 'grafana', 'dashboards');
  const dashboards = readdirSync(dashboardsDir).filter((f) => f.endsWith('.json'));
  const [, grafanaService] = Object.entries(composeServices).find(([, s]) => String(s.image).startsWith('grafana/grafana')) ?? [];

  it('provisions the Prometheus of compose and the dashboards directory compose mounts', () => {
    const datasources = parseYaml(join(ROOT, 'infra', 'grafana', 'provisioning', 'datasources', 'prometheus.yml')).datasources;
    const prom = datasources.find((d: any) => d.type === 'prometheus');
    const url = new URL(prom.url);
    const [, prometheusService] = Object.entries(composeServices).find(([n]) => n === url.hostname) ?? [];
    expect(String(prometheusService?.image)).toMatch(/^prom\/prometheus:/);
    expect(prometheusService.ports.map((p: string) => String(p).split(':').at(-1))).toContain(url.port);
    const providers = parseYaml(join(ROOT, 'infra', 'grafana', 'provisioning', 'dashboards', 'wirewatch.yml')).providers;
    for (const p of providers) expect(hostPath(grafanaService, p.options.path)).toBe(dashboardsDir);
    for (const sub of ['datasources', 'dashboards']) {
      expect(hostPath(grafanaService, `/etc/grafana/provisioning/${sub}`)).toBe(join(ROOT, 'infra', 'grafana', 'provisioning', sub));
    }
    expect(dashboards).toContain('wirewatch.json');
  });

  it.each(dashboards)('%s queries only metrics and labels the services declare', (file) => {
    const dashboard = JSON.parse(readFileSync(join(dashboardsDir, file), 'utf8'));
    expect(typeof dashboard.uid).toBe('string');
    const panels = dashboard.panels.flatMap((p: any) => [p, ...(p.panels ?? [])]).filter((p: any) => p.type !== 'row');
    const targets = panels.flatMap((p: any) => (p.targets ?? []).map((t: any) => ({ panel: p.title, ...t })));
    expect(targets.length).toBeGreaterThan(0);
    const problems = targets.flatMap((t: any) => promqlProblems(`panel "${t.panel}"`, t.expr, declared, t.legendFormat));
    expect(problems).toEqual([]);
    // panel ids are unique, or Grafana drops panels
    const ids = dashboard.panels.flatMap((p: any) => [p, ...(p.panels ?? [])]).map((p: any) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('covers queue depth, job rates and latencies, feeds, classification, alerts, webhooks and end-to-end latency', () => {
    const exprs = readdirSync(dashboardsDir)
      .filter((f) => f.endsWith('.json'))
      .flatMap((f) => JSON.parse(readFileSync(join(dashboardsDir, f), 'utf8')).panels.flatMap((p: any) => (p.targets ?? []).map((t: any) => t.expr)))
      .join('\n');
    const wirewatch = [...declared.keys()].filter((n) => n.startsWith('wirewatch_') && !/_(bucket|sum|count)$/.test(n));
    // every metric the services declare has a panel (a histogram through its _bucket, _sum or _count)
    expect(wirewatch.filter((n) => !new RegExp(`\\b${n}(_bucket|_sum|_count)?\\b`).test(exprs))).toEqual([]);
    // and every histogram a quantile panel
    const histograms = wirewatch.filter((n) => declared.get(n)!.type === 'histogram');
    expect(histograms.length).toBeGreaterThan(0);
    const quantiles = exprs.split('\n').filter((e) => e.includes('histogram_quantile('));
    expect(histograms.filter((n) => !quantiles.some((e) => e.includes(`${n}_bucket`)))).toEqual([]);
  });
});
