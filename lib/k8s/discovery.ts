// API discovery: which kinds a cluster serves, under which plural, and whether they are namespaced.
// Pure parsing of the discovery documents (/api, /apis, /api/v1, /apis/<group>/<version>); the
// requests themselves live in cluster-client.ts.

/** One kind a cluster serves. */
export type ApiResource = {
  /** "" for the core group. */
  group: string;
  version: string;
  /** `v1`, `apps/v1`, `networking.istio.io/v1`. */
  apiVersion: string;
  kind: string;
  /** URL segment: `deployments`, `virtualservices`. */
  plural: string;
  namespaced: boolean;
  verbs: string[];
};

/** Everything a cluster serves, as found by `discover()`. */
export type ApiDiscovery = {
  /** API groups present ("" for core), with their versions. */
  groups: Map<string, string[]>;
  resources: ApiResource[];
  /** Group-versions whose discovery failed (e.g. an aggregated API that is down). */
  unavailable: string[];
};

type RawResource = { name?: string; kind?: string; namespaced?: boolean; verbs?: string[] };
type RawResourceList = { groupVersion?: string; resources?: RawResource[] };
type RawGroupList = {
  groups?: { name?: string; versions?: { groupVersion?: string; version?: string }[] }[];
};
type RawVersions = { versions?: string[] };

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf("/");
  return slash === -1
    ? { group: "", version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** Discovery path of a group-version: `/api/v1` or `/apis/apps/v1`. */
export function groupVersionPath(apiVersion: string): string {
  return apiVersion.includes("/") ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
}

/** The kinds of one APIResourceList, without subresources (`deployments/status`). */
export function parseResourceList(apiVersion: string, body: unknown): ApiResource[] {
  const { group, version } = splitApiVersion(apiVersion);
  const list = (body ?? {}) as RawResourceList;
  const out: ApiResource[] = [];
  for (const r of list.resources ?? []) {
    if (!r.name || !r.kind || r.name.includes("/")) continue;
    out.push({
      group,
      version,
      apiVersion,
      kind: r.kind,
      plural: r.name,
      namespaced: Boolean(r.namespaced),
      verbs: r.verbs ?? [],
    });
  }
  return out;
}

/** Group-versions listed by /api (core) and /apis (named groups). */
export function parseGroupVersions(core: unknown, groups: unknown): string[] {
  const out = [...(((core ?? {}) as RawVersions).versions ?? [])];
  for (const g of ((groups ?? {}) as RawGroupList).groups ?? []) {
    for (const v of g.versions ?? []) {
      const gv = v.groupVersion ?? (g.name && v.version ? `${g.name}/${v.version}` : undefined);
      if (gv) out.push(gv);
    }
  }
  return out;
}

export function buildDiscovery(
  resourceLists: { apiVersion: string; resources: ApiResource[] }[],
): ApiDiscovery {
  const groups = new Map<string, string[]>();
  const resources: ApiResource[] = [];
  for (const { apiVersion, resources: rs } of resourceLists) {
    const { group, version } = splitApiVersion(apiVersion);
    groups.set(group, [...(groups.get(group) ?? []), version]);
    resources.push(...rs);
  }
  return { groups, resources, unavailable: [] };
}

export function findResource(
  discovery: ApiDiscovery,
  apiVersion: string,
  kind: string,
): ApiResource | undefined {
  return discovery.resources.find((r) => r.apiVersion === apiVersion && r.kind === kind);
}
