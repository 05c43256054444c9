import { type ResourceType, groupVersion } from "./resources";

/** Legacy discovery documents; kubectl falls back to them when the answer is not aggregated. */
export function versionInfo() {
  return {
    major: "1",
    minor: "32",
    gitVersion: "v1.32.4-sim",
    gitCommit: "0000000000000000000000000000000000000000",
    gitTreeState: "clean",
    buildDate: "2026-01-01T00:00:00Z",
    goVersion: "go1.23.8",
    compiler: "gc",
    platform: "linux/amd64",
  };
}

export function coreVersions() {
  return {
    kind: "APIVersions",
    versions: ["v1"],
    serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress: "127.0.0.1" }],
  };
}

function groupsOf(resources: ResourceType[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const rt of resources) {
    if (!rt.group) continue;
    const versions = groups.get(rt.group) ?? [];
    if (!versions.includes(rt.version)) versions.push(rt.version);
    groups.set(rt.group, versions);
  }
  return groups;
}

function groupDoc(name: string, versions: string[]) {
  const vs = versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v }));
  return { name, versions: vs, preferredVersion: vs[0]! };
}

export function apiGroupList(resources: ResourceType[]) {
  return {
    kind: "APIGroupList",
    apiVersion: "v1",
    groups: [...groupsOf(resources)].map(([name, versions]) => groupDoc(name, versions)),
  };
}

export function apiGroup(resources: ResourceType[], group: string) {
  const versions = groupsOf(resources).get(group);
  return versions ? { kind: "APIGroup", apiVersion: "v1", ...groupDoc(group, versions) } : undefined;
}

export function apiResourceList(resources: ResourceType[], group: string, version: string) {
  const rts = resources.filter((rt) => rt.group === group && rt.version === version);
  if (rts.length === 0) return undefined;
  const list: object[] = [];
  for (const rt of rts) {
    list.push({
      name: rt.resource,
      singularName: rt.singular,
      namespaced: rt.namespaced,
      kind: rt.kind,
      verbs: rt.verbs,
      ...(rt.shortNames ? { shortNames: rt.shortNames } : {}),
      ...(rt.categories ? { categories: rt.categories } : {}),
    });
    if (rt.scale) {
      list.push({
        name: `${rt.resource}/scale`,
        singularName: "",
        namespaced: rt.namespaced,
        group: "autoscaling",
        version: "v1",
        kind: "Scale",
        verbs: ["get", "patch", "update"],
      });
    }
    if (rt.status) {
      list.push({
        name: `${rt.resource}/status`,
        singularName: "",
        namespaced: rt.namespaced,
        kind: rt.kind,
        verbs: ["get", "patch", "update"],
      });
    }
  }
  return { kind: "APIResourceList", apiVersion: "v1", groupVersion: groupVersion(rts[0]!), resources: list };
}

export const AGGREGATED_V2 = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

/** True when the Accept header lists aggregated discovery v2 (kubectl 1.30+ asks for it first). */
export function wantsAggregated(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept.split(",").some((range) => {
    const [type, ...params] = range.split(";").map((p) => p.trim());
    if (type !== "application/json") return false;
    const p = Object.fromEntries(params.map((kv) => kv.split("=").map((x) => x.trim()) as [string, string]));
    return p.g === "apidiscovery.k8s.io" && p.v === "v2" && p.as === "APIGroupDiscoveryList";
  });
}

/** apidiscovery.k8s.io/v2 APIGroupDiscoveryList for /api (core) or /apis (every other group). */
export function aggregatedDiscovery(resources: ResourceType[], core: boolean) {
  const groups = new Map<string, Map<string, ResourceType[]>>();
  for (const rt of resources) {
    if ((rt.group === "") !== core) continue;
    const versions = groups.get(rt.group) ?? new Map<string, ResourceType[]>();
    versions.set(rt.version, [...(versions.get(rt.version) ?? []), rt]);
    groups.set(rt.group, versions);
  }
  return {
    kind: "APIGroupDiscoveryList",
    apiVersion: "apidiscovery.k8s.io/v2",
    metadata: {},
    items: [...groups].map(([group, versions]) => ({
      metadata: { name: group },
      versions: [...versions].map(([version, rts]) => ({
        version,
        freshness: "Current",
        resources: rts.map((rt) => {
          const kind = { group: rt.group, version: rt.version, kind: rt.kind };
          const subresources: object[] = [];
          if (rt.status)
            subresources.push({
              subresource: "status",
              responseKind: kind,
              verbs: ["get", "patch", "update"],
            });
          if (rt.scale) {
            subresources.push({
              subresource: "scale",
              responseKind: { group: "autoscaling", version: "v1", kind: "Scale" },
              verbs: ["get", "patch", "update"],
            });
          }
          return {
            resource: rt.resource,
            responseKind: kind,
            scope: rt.namespaced ? "Namespaced" : "Cluster",
            singularResource: rt.singular,
            verbs: rt.verbs,
            ...(rt.shortNames ? { shortNames: rt.shortNames } : {}),
            ...(rt.categories ? { categories: rt.categories } : {}),
            ...(subresources.length > 0 ? { subresources } : {}),
          };
        }),
      })),
    })),
  };
}
