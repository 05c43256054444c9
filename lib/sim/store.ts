import { type KObject } from "./json";

export type EventType = "ADDED" | "MODIFIED" | "DELETED";

export interface StoreEvent {
  type: EventType;
  /** storeKey() of the resource type. */
  table: string;
  rv: number;
  object: KObject;
  /** The previous version, so that filtered watches can tell when an object leaves the filter. */
  old?: KObject;
}

const HISTORY = 10_000;

function objectKey(ns: string | undefined, name: string): string {
  return ns ? `${ns}/${name}` : name;
}

/**
 * In-memory object storage for one cluster: tables of objects, one resourceVersion counter for
 * the whole cluster (as etcd's revision), and a bounded event history for watches.
 */
export class Store {
  rv = 0;
  private tables = new Map<string, Map<string, KObject>>();
  private history: StoreEvent[] = [];
  private historyStart = 0;
  private listeners = new Set<(e: StoreEvent) => void>();
  private sortedKeys = new Map<string, string[]>();

  private table(t: string): Map<string, KObject> {
    let m = this.tables.get(t);
    if (!m) this.tables.set(t, (m = new Map()));
    return m;
  }

  get(t: string, ns: string | undefined, name: string): KObject | undefined {
    return this.tables.get(t)?.get(objectKey(ns, name));
  }

  /** Objects sorted by namespace/name, like etcd's key order. */
  list(t: string, ns?: string): KObject[] {
    const m = this.tables.get(t);
    if (!m) return [];
    // Sorting 50k keys per list dominates big lists; the order only changes on add/remove.
    let keys = this.sortedKeys.get(t);
    if (!keys) this.sortedKeys.set(t, (keys = [...m.keys()].sort()));
    const out: KObject[] = [];
    for (const k of keys) {
      const o = m.get(k)!;
      if (ns === undefined || o.metadata?.namespace === ns) out.push(o);
    }
    return out;
  }

  count(): number {
    let n = 0;
    for (const m of this.tables.values()) n += m.size;
    return n;
  }

  nextRv(): number {
    return ++this.rv;
  }

  /** Stores obj (its resourceVersion already set) and emits the event. */
  put(t: string, obj: KObject, type: "ADDED" | "MODIFIED", old?: KObject): void {
    const table = this.table(t);
    const key = objectKey(obj.metadata?.namespace, obj.metadata.name);
    if (!table.has(key)) this.sortedKeys.delete(t);
    table.set(key, obj);
    this.emit({ type, table: t, rv: Number(obj.metadata.resourceVersion), object: obj, old });
  }

  remove(t: string, obj: KObject, rv: number): void {
    this.tables.get(t)?.delete(objectKey(obj.metadata?.namespace, obj.metadata.name));
    this.sortedKeys.delete(t);
    this.emit({ type: "DELETED", table: t, rv, object: obj });
  }

  private emit(e: StoreEvent): void {
    this.history.push(e);
    if (this.history.length > HISTORY * 2) {
      const cut = this.history.length - HISTORY;
      this.history = this.history.slice(cut);
    }
    this.historyStart = this.history[0]?.rv ?? this.rv;
    for (const l of this.listeners) l(e);
  }

  subscribe(fn: (e: StoreEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Events after rv, or null when the history no longer reaches back that far (410 Gone). */
  eventsSince(rv: number): StoreEvent[] | null {
    if (rv >= this.rv) return [];
    if (this.history.length === 0 || rv < this.historyStart - 1) return null;
    return this.history.filter((e) => e.rv > rv);
  }

  oldestRv(): number {
    return this.historyStart;
  }

  dump(): { rv: number; tables: Record<string, KObject[]> } {
    const tables: Record<string, KObject[]> = {};
    for (const [t, m] of this.tables) tables[t] = [...m.values()];
    return { rv: this.rv, tables };
  }

  load(data: { rv: number; tables: Record<string, KObject[]> }): void {
    this.rv = data.rv;
    this.tables.clear();
    this.sortedKeys.clear();
    for (const [t, objs] of Object.entries(data.tables)) {
      const m = this.table(t);
      for (const o of objs) m.set(objectKey(o.metadata?.namespace, o.metadata.name), o);
    }
    this.history = [];
    this.historyStart = this.rv + 1;
  }
}
