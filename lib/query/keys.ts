// The one query-key factory: every useQuery/invalidateQueries key comes from here, so related
// queries can be invalidated by prefix (e.g. `queryKeys.clusters.all`).
export const queryKeys = {
  me: () => ["me"] as const,
  tokens: {
    all: ["tokens"] as const,
    list: () => [...queryKeys.tokens.all, "list"] as const,
  },
  clusters: {
    all: ["clusters"] as const,
    list: () => [...queryKeys.clusters.all, "list"] as const,
    detail: (name: string) => [...queryKeys.clusters.all, "detail", name] as const,
    inventory: (name: string) => [...queryKeys.clusters.all, "inventory", name] as const,
    runs: (name: string) => [...queryKeys.clusters.all, "runs", name] as const,
  },
  topology: {
    all: ["topology"] as const,
    revisions: () => [...queryKeys.topology.all, "revisions"] as const,
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
    preview: (product: string, step: unknown) =>
      [...queryKeys.migrations.all, "preview", product, step] as const,
    import: (cluster: string) => [...queryKeys.migrations.all, "import", cluster] as const,
    record: (product: string) => [...queryKeys.migrations.all, "record", product] as const,
    dns: (product: string) => [...queryKeys.migrations.all, "dns", product] as const,
    traffic: (product: string) => [...queryKeys.migrations.all, "traffic", product] as const,
  },
  sync: {
    all: ["sync"] as const,
    inventory: (cluster: string) => [...queryKeys.sync.all, "inventory", cluster] as const,
    runs: (cluster?: string) => [...queryKeys.sync.all, "runs", cluster ?? "all"] as const,
  },
  requests: {
    all: ["requests"] as const,
    list: (filter: { status?: string } = {}) => [...queryKeys.requests.all, "list", filter] as const,
    detail: (id: string) => [...queryKeys.requests.all, "detail", id] as const,
    preview: (id: string) => [...queryKeys.requests.all, "preview", id] as const,
    plan: (id: string) => [...queryKeys.requests.all, "plan", id] as const,
  },
  approvalRules: {
    all: ["approval-rules"] as const,
    list: () => [...queryKeys.approvalRules.all, "list"] as const,
  },
  audit: {
    all: ["audit"] as const,
    list: (filter: Record<string, string | undefined> = {}) =>
      [...queryKeys.audit.all, "list", filter] as const,
  },
} as const;
