/** Requests seen by one cluster, by verb and resource, for tests and benchmarks. */
export interface CounterSnapshot {
  total: number;
  byVerb: Record<string, number>;
  byResource: Record<string, number>;
  /** "patch gateways.networking.istio.io" */
  byVerbResource: Record<string, number>;
  /** Injected faults (drop, throttle, error500, error503) and refused calls (unauthorized, forbidden). */
  faults: Record<string, number>;
  /** Requests that asked for metadata only (PartialObjectMetadata), as "get secrets". */
  metadataOnly: Record<string, number>;
}

export class Counters {
  private s: CounterSnapshot = Counters.empty();

  static empty(): CounterSnapshot {
    return { total: 0, byVerb: {}, byResource: {}, byVerbResource: {}, faults: {}, metadataOnly: {} };
  }

  count(verb: string, resource: string, metadataOnly = false): void {
    this.s.total++;
    if (metadataOnly)
      this.s.metadataOnly[`${verb} ${resource}`] = (this.s.metadataOnly[`${verb} ${resource}`] ?? 0) + 1;
    this.s.byVerb[verb] = (this.s.byVerb[verb] ?? 0) + 1;
    this.s.byResource[resource] = (this.s.byResource[resource] ?? 0) + 1;
    const vr = `${verb} ${resource}`;
    this.s.byVerbResource[vr] = (this.s.byVerbResource[vr] ?? 0) + 1;
  }

  fault(kind: string): void {
    this.s.faults[kind] = (this.s.faults[kind] ?? 0) + 1;
  }

  snapshot(): CounterSnapshot {
    return structuredClone(this.s);
  }

  reset(): void {
    this.s = Counters.empty();
  }
}
