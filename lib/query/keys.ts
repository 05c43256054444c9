// The one query-key factory: every useQuery/invalidateQueries key comes from here, so related
// queries can be invalidated by prefix (e.g. `queryKeys.clusters.all`). One URL is cached under
// one key: components that read the same endpoint share its key (and its query options).
export const queryKeys = {
  tokens: {
    all: ["tokens"] as const,
    list: () => [...queryKeys.tokens.all, "list"] as const,
  },
  clusters: {
    all: ["clusters"] as const,
    inventory: (name: string) => [...queryKeys.clusters.all, "inventory", name] as const,
    // Under the inventory: a new inventory (after a sync) makes these stale too.
    forcePlan: (name: string) => [...queryKeys.clusters.inventory(name), "force-plan"] as const,
    drift: (name: string, objectKey: string) =>
      [...queryKeys.clusters.inventory(name), "drift", objectKey] as const,
    runs: (name: string) => [...queryKeys.clusters.all, "runs", name] as const,
  },
  topology: {
    all: ["topology"] as const,
    revision: (number: number) => [...queryKeys.topology.all, "revision", number] as const,
    traffic: (number: number) => [...queryKeys.topology.all, "traffic", number] as const,
    graph: (number: number, compare?: number) =>
      [...queryKeys.topology.all, "graph", number, compare ?? null] as const,
    findings: (number: number) => [...queryKeys.topology.all, "findings", number] as const,
    nodeObjects: (number: number, node: string, format: string) =>
      [...queryKeys.topology.all, "node-objects", number, node, format] as const,
    history: (limit: number) => [...queryKeys.topology.all, "history", limit] as const,
    compare: (from: number | null, to: number, product?: string) =>
      [...queryKeys.topology.all, "compare", from, to, product ?? null] as const,
    rollbackPreview: (number: number, mode: string, resolutions: unknown) =>
      [...queryKeys.topology.all, "rollback-preview", number, mode, resolutions] as const,
  },
  migrations: {
    all: ["migrations"] as const,
    list: () => [...queryKeys.migrations.all, "list"] as const,
    record: (product: string) => [...queryKeys.migrations.all, "record", product] as const,
    dns: (product: string) => [...queryKeys.migrations.all, "dns", product] as const,
    traffic: (product: string) => [...queryKeys.migrations.all, "traffic", product] as const,
  },
  requests: {
    all: ["requests"] as const,
    detail: (id: string) => [...queryKeys.requests.all, "detail", id] as const,
    preview: (id: string) => [...queryKeys.requests.all, "preview", id] as const,
  },
  approvalRules: {
    all: ["approval-rules"] as const,
    list: () => [...queryKeys.approvalRules.all, "list"] as const,
  },
} as const;
