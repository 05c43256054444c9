import { type KObject } from "../json";

/** One record set, as external-dns would publish it to a provider. */
export interface RecordSet {
  name: string;
  type: "A" | "CNAME" | "TXT";
  targets: string[];
  ttl: number;
  /** Weighted routing (Route 53): set identifier and weight; absent for a plain record. */
  setIdentifier?: string;
  weight?: number;
  /** "cluster/namespace/name" of the object the record comes from. */
  source: string;
}

const HOSTNAME_ANNOTATION = "external-dns.alpha.kubernetes.io/hostname";
const TTL_ANNOTATION = "external-dns.alpha.kubernetes.io/ttl";

function normalizeName(n: string): string {
  return n.trim().toLowerCase().replace(/\.$/, "");
}

/** Records of external-dns's CRD source: DNSEndpoint objects' spec.endpoints. */
export function dnsEndpointRecords(cluster: string, objects: KObject[]): RecordSet[] {
  const out: RecordSet[] = [];
  for (const o of objects) {
    for (const e of (o.spec?.endpoints ?? []) as KObject[]) {
      if (typeof e.dnsName !== "string") continue;
      const type = String(e.recordType ?? "A").toUpperCase();
      if (type !== "A" && type !== "CNAME" && type !== "TXT") continue;
      const weightProp = ((e.providerSpecific ?? []) as KObject[]).find((p) => p.name === "aws/weight");
      const weight = weightProp ? Number(weightProp.value) : undefined;
      out.push({
        name: normalizeName(e.dnsName),
        type,
        targets: ((e.targets ?? []) as unknown[]).map(String),
        ttl: typeof e.recordTTL === "number" ? e.recordTTL : 300,
        ...(typeof e.setIdentifier === "string" ? { setIdentifier: e.setIdentifier } : {}),
        ...(weight !== undefined && Number.isFinite(weight) ? { weight } : {}),
        source: `${cluster}/${o.metadata.namespace}/${o.metadata.name}`,
      });
    }
  }
  return out;
}

/** Records of external-dns's Service source: LoadBalancer Services with the hostname annotation. */
export function serviceRecords(cluster: string, services: KObject[]): RecordSet[] {
  const out: RecordSet[] = [];
  for (const s of services) {
    const names = String(s.metadata.annotations?.[HOSTNAME_ANNOTATION] ?? "")
      .split(",")
      .map(normalizeName)
      .filter((n) => n.length > 0);
    if (names.length === 0 || s.spec?.type !== "LoadBalancer") continue;
    const ingress = (s.status?.loadBalancer?.ingress ?? []) as KObject[];
    const ips = ingress.map((i) => i.ip).filter((ip): ip is string => typeof ip === "string");
    const hostnames = ingress.map((i) => i.hostname).filter((h): h is string => typeof h === "string");
    const ttl = Number(s.metadata.annotations?.[TTL_ANNOTATION] ?? 300) || 300;
    for (const name of names) {
      if (ips.length > 0)
        out.push({
          name,
          type: "A",
          targets: ips,
          ttl,
          source: `${cluster}/${s.metadata.namespace}/${s.metadata.name}`,
        });
      else if (hostnames.length > 0)
        out.push({
          name,
          type: "CNAME",
          targets: [hostnames[0]!],
          ttl,
          source: `${cluster}/${s.metadata.namespace}/${s.metadata.name}`,
        });
    }
  }
  return out;
}

/**
 * The record sets that answer for a name. DNSEndpoint records take precedence over Service
 * annotations for the same name, as an explicitly managed record does in the demo (external-dns
 * itself would let its ownership registry decide).
 */
export function recordsFor(name: string, fromCrd: RecordSet[], fromServices: RecordSet[]): RecordSet[] {
  const n = normalizeName(name);
  const crd = fromCrd.filter((r) => r.name === n);
  return crd.length > 0 ? crd : fromServices.filter((r) => r.name === n);
}

/**
 * Route 53's weighted routing: one record set per query, chosen with probability weight / total;
 * weight 0 sets are chosen only when every set has weight 0. Plain (unweighted) sets answer
 * together.
 */
export function chooseRecordSet(sets: RecordSet[], random: () => number = Math.random): RecordSet[] {
  const weighted = sets.filter((s) => s.setIdentifier !== undefined);
  if (weighted.length === 0) return sets;
  const total = weighted.reduce((t, s) => t + Math.max(0, s.weight ?? 0), 0);
  if (total === 0) return [weighted[Math.floor(random() * weighted.length)]!];
  let r = random() * total;
  for (const s of weighted) {
    r -= Math.max(0, s.weight ?? 0);
    if (r < 0) return [s];
  }
  return [weighted[weighted.length - 1]!];
}
