import { type KObject } from "./json";
import { type ResourceType } from "./resources";

/** kubectl asks for server-side printing with Accept: application/json;as=Table;v=v1;g=meta.k8s.io. */
export function wantsTable(accept: string | undefined): boolean {
  return !!accept && /as=Table/.test(accept) && /g=meta\.k8s\.io/.test(accept);
}

interface Column {
  name: string;
  type: "string" | "integer" | "date";
  cell: (o: KObject) => string | number;
  format?: string;
}

/** k8s.io/apimachinery's duration.HumanDuration, which kubectl's AGE column shows. */
export function humanDuration(seconds: number): string {
  const s = Math.floor(seconds);
  if (s < 0) return "0s";
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(s / 3600);
  if (h < 8) return m % 60 === 0 ? `${h}h` : `${h}h${m % 60}m`;
  if (h < 48) return `${h}h`;
  if (h < 192) return h % 24 === 0 ? `${Math.floor(h / 24)}d` : `${Math.floor(h / 24)}d${h % 24}h`;
  if (h < 24 * 365 * 2) return `${Math.floor(h / 24)}d`;
  const y = Math.floor(h / 24 / 365);
  if (y < 8) return `${y}y${Math.floor(h / 24) % 365}d`;
  return `${y}y`;
}

const name: Column = {
  name: "Name",
  type: "string",
  format: "name",
  cell: (o) => String(o.metadata?.name ?? ""),
};
const age: Column = {
  name: "Age",
  type: "string",
  cell: (o) =>
    o.metadata?.creationTimestamp
      ? humanDuration((Date.now() - Date.parse(String(o.metadata.creationTimestamp))) / 1000)
      : "<unknown>",
};
const field = (title: string, get: (o: KObject) => unknown): Column => ({
  name: title,
  type: "string",
  cell: (o) => {
    const v = get(o);
    if (v === undefined || v === null) return "";
    return Array.isArray(v) ? JSON.stringify(v) : String(v);
  },
});
const count = (title: string, get: (o: KObject) => unknown): Column => ({
  name: title,
  type: "integer",
  cell: (o) => Number(get(o) ?? 0),
});

function servicePorts(o: KObject): string {
  const ports = (o.spec?.ports ?? []) as KObject[];
  if (ports.length === 0) return "<none>";
  return ports.map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ""}/${p.protocol ?? "TCP"}`).join(",");
}

function externalIp(o: KObject): string {
  const ingress = (o.status?.loadBalancer?.ingress ?? []) as KObject[];
  if (ingress.length > 0) return ingress.map((i) => i.ip ?? i.hostname).join(",");
  return o.spec?.type === "LoadBalancer" ? "<pending>" : "<none>";
}

const COLUMNS: Record<string, Column[]> = {
  "/namespaces": [name, field("Status", (o) => o.status?.phase), age],
  "/nodes": [
    name,
    field("Status", (o) =>
      ((o.status?.conditions ?? []) as KObject[]).find((c) => c.type === "Ready")?.status === "True"
        ? "Ready"
        : "NotReady",
    ),
    field("Roles", () => "<none>"),
    age,
    field("Version", (o) => o.status?.nodeInfo?.kubeletVersion),
  ],
  "/pods": [
    name,
    field("Ready", (o) => {
      const n = ((o.spec?.containers ?? []) as unknown[]).length;
      return `${o.status?.phase === "Running" ? n : 0}/${n}`;
    }),
    field("Status", (o) => o.status?.phase ?? "Pending"),
    count("Restarts", () => 0),
    age,
  ],
  "/services": [
    name,
    field("Type", (o) => o.spec?.type ?? "ClusterIP"),
    field("Cluster-IP", (o) => o.spec?.clusterIP ?? "<none>"),
    field("External-IP", externalIp),
    field("Port(s)", servicePorts),
    age,
  ],
  "/configmaps": [
    name,
    count("Data", (o) => Object.keys(o.data ?? {}).length + Object.keys(o.binaryData ?? {}).length),
    age,
  ],
  "/secrets": [
    name,
    field("Type", (o) => o.type ?? "Opaque"),
    count("Data", (o) => Object.keys(o.data ?? {}).length),
    age,
  ],
  "/serviceaccounts": [name, count("Secrets", (o) => ((o.secrets ?? []) as unknown[]).length), age],
  "apps/deployments": [
    name,
    field("Ready", (o) => `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 1}`),
    count("Up-to-date", (o) => o.status?.updatedReplicas),
    count("Available", (o) => o.status?.availableReplicas),
    age,
  ],
  "networking.istio.io/virtualservices": [
    name,
    field("Gateways", (o) => o.spec?.gateways),
    field("Hosts", (o) => o.spec?.hosts),
    age,
  ],
  "networking.istio.io/destinationrules": [name, field("Host", (o) => o.spec?.host), age],
  "networking.istio.io/serviceentries": [
    name,
    field("Hosts", (o) => o.spec?.hosts),
    field("Location", (o) => o.spec?.location),
    field("Resolution", (o) => o.spec?.resolution),
    age,
  ],
  "security.istio.io/authorizationpolicies": [name, field("Action", (o) => o.spec?.action), age],
  "security.istio.io/peerauthentications": [name, field("Mode", (o) => o.spec?.mtls?.mode), age],
  "gateway.networking.k8s.io/gateways": [
    name,
    field("Class", (o) => o.spec?.gatewayClassName),
    field("Address", (o) => (o.status?.addresses as KObject[] | undefined)?.[0]?.value),
    field(
      "Programmed",
      (o) =>
        ((o.status?.conditions ?? []) as KObject[]).find((c) => c.type === "Programmed")?.status ?? "Unknown",
    ),
    age,
  ],
  "gateway.networking.k8s.io/httproutes": [name, field("Hostnames", (o) => o.spec?.hostnames), age],
  "gateway.networking.k8s.io/gatewayclasses": [name, field("Controller", (o) => o.spec?.controllerName), age],
};

function rowObject(o: KObject, includeObject: string | null): KObject | undefined {
  if (includeObject === "None") return undefined;
  if (includeObject === "Object") return o;
  const { managedFields: _mf, ...metadata } = (o.metadata ?? {}) as KObject;
  return { kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata };
}

export function toTable(
  rt: ResourceType,
  items: KObject[],
  listMeta: KObject,
  includeObject: string | null,
): KObject {
  const cols = COLUMNS[`${rt.group}/${rt.resource}`] ?? [name, age];
  return {
    kind: "Table",
    apiVersion: "meta.k8s.io/v1",
    metadata: listMeta,
    columnDefinitions: cols.map((c, i) => ({
      name: c.name,
      type: c.type,
      format: c.format ?? "",
      description: i === 0 ? "Name must be unique within a namespace." : c.name,
      priority: 0,
    })),
    rows: items.map((o) => {
      const object = rowObject(o, includeObject);
      return { cells: cols.map((c) => c.cell(o)), ...(object ? { object } : {}) };
    }),
  };
}
