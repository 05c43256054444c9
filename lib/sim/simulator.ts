import { createServer, type Server } from "node:http";
import { createServer as createTlsServer } from "node:https";
import { type Socket } from "node:net";
import { writeSecretFile } from "./secret-file";
import { type AccessRule, newToken } from "./access";
import { createAdminHandler, type AdminControl } from "./admin";
import { Cluster, type ClusterOptions } from "./cluster";
import { type CounterSnapshot } from "./counters";
import { type Faults, validateFaults } from "./faults";
import { kubeconfigFor } from "./kubeconfig";
import { createClusterHandler } from "./server";
import { loadState, saveState, type StateFile } from "./state-file";
import { generateTls, type TlsMaterial } from "./tls";
import { DataPlane } from "./dataplane/data-plane";
import { seedReferenceScenario, type ScenarioFaults, type ScenarioOptions } from "./demo-scenario";

export interface SimulatorOptions {
  /** "east" or "east=us-east-1a" or full options. */
  clusters: (string | ClusterOptions)[];
  /** Admin API port; 0 picks free ports. When non-zero, cluster i listens on port + 1 + i. */
  port?: number;
  /** Persist objects and tokens here and restore them on start. */
  statePath?: string;
  /** Also write a kubeconfig with one context per cluster. */
  kubeconfigPath?: string;
  adminToken?: string;
  /** Interval of watch bookmarks when clients allow them. Default 1000 ms. */
  bookmarkIntervalMs?: number;
  /** Overrides every cluster's Deployment readiness delay. */
  deploymentReadyDelayMs?: number;
  /**
   * Clusters serve HTTPS (default) with a CA made at first start (kept in the state file);
   * false serves plain HTTP, which kubectl will not send tokens over.
   */
  tls?: boolean;
  /**
   * Serve traffic (default true): gateway load balancers on loopback addresses, echo backends,
   * a mesh entry per cluster. Binding ports 80 and 443 needs root.
   */
  dataPlane?: boolean;
  /**
   * Seed the reference scenario's workloads (backends, TLS secrets, the shared Gateway) into
   * clusters east and west when they start empty; faults start it broken on purpose.
   */
  scenario?: { name: "reference"; faults?: ScenarioFaults } & ScenarioOptions;
  /** UDP port of the demo's DNS server on 127.0.0.1 (0 picks one). */
  dnsPort?: number;
}

export interface SimulatedClusterInfo {
  name: string;
  /** Base URL, e.g. http://127.0.0.1:41235 */
  server: string;
  /** Admin bearer token of this cluster. */
  token: string;
  /** PEM of the CA to trust for server (undefined when serving plain HTTP). */
  ca?: string;
  port: number;
  zone: string;
  region: string;
  istio: boolean;
  gatewayApi: boolean;
  /** "127.0.0.1:PORT" of the cluster's mesh entry (an HTTP forward proxy), with the data plane. */
  meshProxy?: string;
}

export interface TokenSpec {
  user: string;
  rules: AccessRule[];
  token?: string;
  groups?: string[];
}

export interface Simulator {
  /** Base URL of the admin API (/_sim/...), also reachable on every cluster port. */
  adminUrl: string;
  /** "127.0.0.1:PORT" of the DNS server answering from DNSEndpoints, with the data plane. */
  dns?: string;
  adminToken: string;
  clusters: SimulatedClusterInfo[];
  kubeconfig(currentContext?: string): string;
  faults: {
    get(cluster: string): Faults;
    /** Replaces the cluster's faults; {} heals it. */
    set(cluster: string, faults: Faults): Promise<Faults>;
    clear(cluster: string): Promise<Faults>;
  };
  counters: {
    get(cluster: string): CounterSnapshot;
    reset(cluster: string): void;
  };
  /** Adds a restricted bearer token to a cluster. */
  addToken(cluster: string, spec: TokenSpec): { token: string; user: string };
  /** Runs one pass of the cluster's competing-writer fault now; returns objects changed. */
  runCompetingWriter(cluster: string): number;
  /** The in-process cluster model, for tests that need to look behind the API. */
  cluster(name: string): Cluster;
  /** The traffic side, when started with the data plane. */
  dataPlane?: DataPlane;
  stop(): Promise<void>;
}

const HOST = "127.0.0.1";

function normalize(c: string | ClusterOptions): ClusterOptions {
  if (typeof c !== "string") return c;
  const [name, zone] = c.split("=");
  return { name: name!.trim(), ...(zone ? { zone: zone.trim() } : {}) };
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error) => reject(e);
    server.once("error", onError);
    server.listen(port, HOST, () => {
      server.off("error", onError);
      const addr = server.address();
      resolve(typeof addr === "object" && addr ? addr.port : port);
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

interface Running {
  cluster: Cluster;
  server: Server;
  port: number;
  competing?: NodeJS.Timeout;
}

export async function startSimulator(opts: SimulatorOptions): Promise<Simulator> {
  const options = opts.clusters.map(normalize);
  const names = new Set<string>();
  for (const o of options) {
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(o.name)) throw new Error(`invalid cluster name "${o.name}"`);
    if (names.has(o.name)) throw new Error(`duplicate cluster name "${o.name}"`);
    names.add(o.name);
  }
  const state = opts.statePath ? loadState(opts.statePath) : undefined;
  const adminToken = opts.adminToken ?? state?.adminToken ?? newToken();
  const bookmarkIntervalMs = opts.bookmarkIntervalMs ?? 1000;
  const tls: TlsMaterial | undefined = opts.tls === false ? undefined : (state?.tls ?? generateTls());
  const scheme = tls ? "https" : "http";

  let saveTimer: NodeJS.Timeout | undefined;
  const running = new Map<string, Running>();
  const snapshot = (): StateFile => {
    const clusters: StateFile["clusters"] = {};
    for (const [name, r] of running)
      clusters[name] = { ...r.cluster.store.dump(), tokens: r.cluster.access.all() };
    return { version: 1, adminToken, clusters, ...(tls ? { tls } : {}) };
  };
  const scheduleSave = () => {
    if (!opts.statePath || saveTimer) return;
    saveTimer = setTimeout(() => {
      saveTimer = undefined;
      saveState(opts.statePath!, snapshot());
    }, 200);
  };

  const control: AdminControl = {
    adminToken,
    clusterNames: () => [...running.keys()],
    describe: () => ({ clusters: info() }),
    getFaults: (name) => get(name).cluster.faults,
    setFaults: (name, f) => setFaults(name, f),
    counters: (name) => get(name).cluster.counters.snapshot(),
    resetCounters: (name) => get(name).cluster.counters.reset(),
    addToken: (name, spec) => addToken(name, spec),
    runCompetingWriter: (name) => get(name).cluster.competingWrite(),
    dataPlane: (name) => {
      get(name);
      return {
        meshProxy: dataPlane?.meshProxy(name)?.address,
        gateways: dataPlane?.plane(name)?.describe() ?? [],
      };
    },
    accessLog: (name, proxy, limit) => {
      get(name);
      if (!dataPlane) return undefined;
      if (proxy === "mesh") return dataPlane.meshProxy(name)?.telemetry.accessLogLines(limit);
      return dataPlane.plane(name)?.telemetry(proxy).accessLogLines(limit);
    },
  };
  const adminHandler = createAdminHandler(control);

  function get(name: string): Running {
    const r = running.get(name);
    if (!r) throw new Error(`no simulated cluster named "${name}"`);
    return r;
  }

  function addToken(name: string, spec: TokenSpec) {
    const c = get(name).cluster;
    const id = c.access.add({
      token: spec.token ?? newToken(),
      user: spec.user,
      groups: spec.groups ?? ["system:authenticated"],
      rules: spec.rules,
    });
    scheduleSave();
    return { token: id.token, user: id.user };
  }

  async function setFaults(name: string, input: Faults): Promise<Faults> {
    const r = get(name);
    const f = validateFaults(structuredClone(input));
    const wasDown = r.cluster.faults.down;
    r.cluster.faults = f;
    if (r.competing) clearInterval(r.competing);
    r.competing = undefined;
    if (f.competingWriter) {
      r.cluster.competingWrite();
      if (f.competingWriter.intervalMs) {
        r.competing = setInterval(() => r.cluster.competingWrite(), f.competingWriter.intervalMs);
        r.competing.unref();
      }
    }
    if (f.down === "refuse" && wasDown !== "refuse") await close(r.server);
    if (f.down === "reset") r.server.closeAllConnections();
    if (f.down !== "refuse" && wasDown === "refuse") await listen(r.server, r.port);
    return f;
  }

  const basePort = opts.port ?? 0;
  let i = 0;
  for (const o of options) {
    const saved = state?.clusters[o.name];
    // A restored cluster keeps its admin token so that existing kubeconfigs stay valid.
    const savedToken = saved?.tokens.find((t) => t.user === "system:admin")?.token;
    const cluster = new Cluster(
      {
        ...o,
        ...(o.token === undefined && savedToken ? { token: savedToken } : {}),
        ...(opts.deploymentReadyDelayMs !== undefined
          ? { deploymentReadyDelayMs: opts.deploymentReadyDelayMs }
          : {}),
      },
      i,
    );
    if (saved) {
      cluster.store.load(saved);
      for (const t of saved.tokens) if (t.user !== "system:admin") cluster.access.add(t);
      cluster.resumeControllers();
    } else cluster.seed();
    cluster.onChange = scheduleSave;
    const handler = createClusterHandler(cluster, { bookmarkIntervalMs, admin: adminHandler });
    const server: Server = tls
      ? (createTlsServer({ keepAlive: true, cert: tls.cert, key: tls.key }, handler) as unknown as Server)
      : createServer({ keepAlive: true }, handler);
    server.keepAliveTimeout = 65_000;
    // TCP-level accept, before any TLS handshake: a reset here is what a dead endpoint looks like.
    server.on("connection", (socket: Socket) => {
      if (cluster.faults.down === "reset") socket.resetAndDestroy();
    });
    const port = await listen(server, basePort ? basePort + 1 + i : 0);
    running.set(o.name, { cluster, server, port });
    i++;
  }

  if (opts.scenario && !state)
    seedReferenceScenario(
      [...running.values()].map((r) => r.cluster),
      opts.scenario.faults,
      opts.scenario,
    );

  const dataPlane = opts.dataPlane === false ? undefined : new DataPlane();
  if (dataPlane) for (const r of running.values()) await dataPlane.add(r.cluster);
  const dns = dataPlane ? await dataPlane.startDns(opts.dnsPort ?? 0) : undefined;

  const adminServer = createServer({ keepAlive: true }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => void adminHandler(req, res, Buffer.concat(chunks)));
  });
  const adminPort = await listen(adminServer, basePort);

  function info(): SimulatedClusterInfo[] {
    return [...running.values()].map((r) => ({
      name: r.cluster.name,
      server: `${scheme}://${HOST}:${r.port}`,
      token: r.cluster.admin.token,
      ...(tls ? { ca: tls.ca } : {}),
      port: r.port,
      zone: r.cluster.zone,
      region: r.cluster.region,
      istio: r.cluster.addons.istio,
      gatewayApi: r.cluster.addons.gatewayApi,
      ...(dataPlane ? { meshProxy: dataPlane.meshProxy(r.cluster.name)!.address } : {}),
    }));
  }

  const kubeconfig = (current?: string) => kubeconfigFor(info(), current);
  if (opts.kubeconfigPath) writeSecretFile(opts.kubeconfigPath, kubeconfig());
  if (opts.statePath) saveState(opts.statePath, snapshot());

  let stopped = false;
  return {
    adminUrl: `http://${HOST}:${adminPort}`,
    ...(dns ? { dns } : {}),
    adminToken,
    clusters: info(),
    kubeconfig,
    faults: {
      get: (name) => get(name).cluster.faults,
      set: setFaults,
      clear: (name) => setFaults(name, {}),
    },
    counters: {
      get: (name) => get(name).cluster.counters.snapshot(),
      reset: (name) => get(name).cluster.counters.reset(),
    },
    addToken,
    runCompetingWriter: (name) => get(name).cluster.competingWrite(),
    cluster: (name) => get(name).cluster,
    ...(dataPlane ? { dataPlane } : {}),
    async stop() {
      if (stopped) return;
      stopped = true;
      if (saveTimer) clearTimeout(saveTimer);
      if (opts.statePath) saveState(opts.statePath, snapshot());
      for (const r of running.values()) {
        if (r.competing) clearInterval(r.competing);
        r.cluster.stopTimers();
      }
      await dataPlane?.close();
      await Promise.all([...running.values()].map((r) => close(r.server)).concat(close(adminServer)));
    },
  };
}
