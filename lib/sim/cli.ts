import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { type ClusterOptions } from "./cluster";
import { startSimulator } from "./simulator";

const USAGE = `usage: npm run sim -- --clusters east=us-east-1a,west=us-west-2b [options]

  --clusters LIST          name[=zone],... (required)
  --port N                 admin API port; clusters listen on N+1, N+2, ... (0: free ports; default 0)
  --kubeconfig FILE        write a kubeconfig with one context per cluster (default ./sim.kubeconfig)
  --state FILE             persist objects and tokens to FILE and restore them on start
  --without-istio LIST     clusters without Istio CRDs and the shared ingress gateway
  --without-gateway-api LIST  clusters without Gateway API CRDs
  --istio-version V        Istio version reported by istiod (default 1.24.2)
  --ready-delay MS         delay before Deployments report ready (default 2000)
  --admin-token TOKEN      token for /_sim/ (default: random, or the one in --state)
  --scenario reference     seed the reference scenario's backends, TLS secrets and shared Gateway
                           (east, west) when the clusters start empty
  --ingress istio|nginx     with --scenario: the shared ingress of east; nginx adds an ingress-nginx
                           controller and Ingress objects with common annotations (default istio)
  --without-shared-routes  with --scenario: leave the shared Gateway without the products'
                           VirtualServices (a test writes its own under those names)
  --omit-secret LIST       scenario faults: leave out these secrets (ns/name; west:ns/name for west)
  --zero-replicas LIST     scenario faults: start these Deployments at 0 replicas (ns/name, west:ns/name)
  --demo-ca FILE            with --scenario: write the CA of the demo's TLS certificates to FILE
  --no-data-plane          serve the Kubernetes API only (no gateway addresses, no traffic)
`;

function list(v: string | undefined): string[] {
  return (v ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      clusters: { type: "string" },
      port: { type: "string", default: "0" },
      kubeconfig: { type: "string", default: "sim.kubeconfig" },
      state: { type: "string" },
      "without-istio": { type: "string" },
      "without-gateway-api": { type: "string" },
      "istio-version": { type: "string" },
      "ready-delay": { type: "string", default: "2000" },
      "admin-token": { type: "string" },
      scenario: { type: "string" },
      ingress: { type: "string" },
      "without-shared-routes": { type: "boolean" },
      "omit-secret": { type: "string" },
      "zero-replicas": { type: "string" },
      "no-data-plane": { type: "boolean" },
      "demo-ca": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help || !values.clusters) {
    process.stderr.write(USAGE);
    process.exit(values.help ? 0 : 2);
  }
  const noIstio = list(values["without-istio"]);
  const noGw = list(values["without-gateway-api"]);
  const readyDelay = Number(values["ready-delay"]);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid --port ${values.port}`);
  const clusters: ClusterOptions[] = list(values.clusters).map((spec) => {
    const [name, zone] = spec.split("=");
    return {
      name: name!,
      ...(zone ? { zone } : {}),
      istio: !noIstio.includes(name!),
      gatewayApi: !noGw.includes(name!),
      ...(values["istio-version"] ? { istioVersion: values["istio-version"] } : {}),
      deploymentReadyDelayMs: readyDelay,
    };
  });
  if (values.scenario !== undefined && values.scenario !== "reference")
    throw new Error(`unknown --scenario ${values.scenario} (the one scenario is "reference")`);
  if (values.ingress !== undefined && values.ingress !== "istio" && values.ingress !== "nginx")
    throw new Error(`unknown --ingress ${values.ingress} (istio or nginx)`);
  const ingress = values.ingress as "istio" | "nginx" | undefined;
  const kubeconfig = resolve(values.kubeconfig);
  const sim = await startSimulator({
    clusters,
    port,
    kubeconfigPath: kubeconfig,
    ...(values.state ? { statePath: resolve(values.state) } : {}),
    ...(values["admin-token"] ? { adminToken: values["admin-token"] } : {}),
    ...(values["no-data-plane"] ? { dataPlane: false } : {}),
    ...(values.scenario
      ? {
          scenario: {
            name: "reference" as const,
            faults: { omitSecrets: list(values["omit-secret"]), zeroReplicas: list(values["zero-replicas"]) },
            ...(ingress ? { ingress } : {}),
            ...(values["without-shared-routes"] ? { sharedRoutes: false } : {}),
          },
        }
      : {}),
  });
  if (values["demo-ca"]) {
    const cm = sim.clusters
      .map((c) => sim.cluster(c.name).store.get("/configmaps", "istio-system", "my-company-demo-ca"))
      .find((x) => x !== undefined);
    if (cm) writeFileSync(resolve(values["demo-ca"]), String(cm.data["ca.crt"]));
  }
  process.stdout.write(
    JSON.stringify({
      ready: true,
      kubeconfig,
      ...(sim.dns ? { dns: sim.dns } : {}),
      clusters: sim.clusters.map((c) => ({
        name: c.name,
        server: c.server,
        zone: c.zone,
        istio: c.istio,
        gatewayApi: c.gatewayApi,
        ...(c.meshProxy ? { meshProxy: c.meshProxy } : {}),
        gateways: sim.dataPlane?.plane(c.name)?.describe() ?? [],
      })),
      admin: { url: sim.adminUrl, token: sim.adminToken },
    }) + "\n",
  );
  const shutdown = () => {
    void sim.stop().then(() => process.exit(0));
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

main().catch((e: unknown) => {
  process.stderr.write(`sim: ${(e as Error).message}\n`);
  process.exit(1);
});
