import { type IncomingMessage, type ServerResponse } from "node:http";
import { type Cluster } from "./cluster";
import { type KObject } from "./json";
import {
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
  SelectorError,
} from "./label-selector";
import { type ResourceType, groupVersion, storeKey } from "./resources";
import { errors } from "./status";
import { type StoreEvent } from "./store";
import { toTable } from "./table";

/**
 * A watch stream: newline-delimited JSON events, starting after the requested resourceVersion
 * (or with synthetic ADDED events for the current state), with optional bookmarks.
 */
export function serveWatch(
  cluster: Cluster,
  rt: ResourceType,
  ns: string | undefined,
  q: URLSearchParams,
  req: IncomingMessage,
  res: ServerResponse,
  bookmarkIntervalMs: number,
  asTable = false,
): void {
  let labels, fields;
  try {
    labels = parseLabelSelector(q.get("labelSelector"));
    fields = parseFieldSelector(q.get("fieldSelector"));
  } catch (e) {
    if (e instanceof SelectorError) throw errors.badRequest(e.message);
    throw e;
  }
  const table = storeKey(rt);
  const matches = (o: KObject | undefined) =>
    !!o &&
    (ns === undefined || o.metadata?.namespace === ns) &&
    matchesLabels(labels, o.metadata?.labels) &&
    matchesFields(fields, o);
  const store = cluster.store;
  const rvParam = q.get("resourceVersion");
  const initial = q.get("sendInitialEvents") === "true";
  const bookmarks = q.get("allowWatchBookmarks") === "true" || q.get("allowWatchBookmarks") === "1";

  res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-cache, private" });
  // Clients wait for the headers before they consider the watch established (informers do).
  res.flushHeaders();
  // kubectl get -w wants each object as a one-row Table; bookmarks and errors stay as they are.
  const write = (type: string, object: KObject) =>
    res.write(
      JSON.stringify({
        type,
        object:
          asTable && type !== "BOOKMARK" && type !== "ERROR"
            ? toTable(
                rt,
                [object],
                { resourceVersion: object.metadata?.resourceVersion },
                q.get("includeObject"),
              )
            : object,
      }) + "\n",
    );
  const bookmark = (annotations?: Record<string, string>) =>
    write("BOOKMARK", {
      kind: rt.kind,
      apiVersion: groupVersion(rt),
      metadata: { resourceVersion: String(store.rv), ...(annotations ? { annotations } : {}) },
    });
  const deliver = (e: StoreEvent) => {
    if (e.table !== table) return;
    const now = matches(e.object);
    const before = e.type === "MODIFIED" && matches(e.old);
    if (e.type === "DELETED") {
      if (now) write("DELETED", e.object);
    } else if (now) write(e.type === "ADDED" || !before ? "ADDED" : "MODIFIED", e.object);
    else if (before) write("DELETED", e.object);
  };

  if (!rvParam || rvParam === "0" || initial) {
    for (const o of store.list(table, ns)) if (matches(o)) write("ADDED", o);
    if (initial && bookmarks) bookmark({ "k8s.io/initial-events-end": "true" });
  } else {
    const since = store.eventsSince(Number(rvParam));
    if (since === null || Number.isNaN(Number(rvParam))) {
      write("ERROR", errors.gone(`too old resource version: ${rvParam} (${store.oldestRv()})`).toStatus());
      res.end();
      return;
    }
    for (const e of since) deliver(e);
  }
  const unsubscribe = store.subscribe(deliver);
  const timers: NodeJS.Timeout[] = [];
  if (bookmarks) {
    const t = setInterval(() => bookmark(), bookmarkIntervalMs);
    t.unref();
    timers.push(t);
  }
  const timeoutSeconds = Number(q.get("timeoutSeconds") ?? "1800");
  const end = setTimeout(() => res.end(), Math.max(1, timeoutSeconds) * 1000);
  end.unref();
  timers.push(end);
  const cleanup = () => {
    unsubscribe();
    for (const t of timers) clearTimeout(t);
  };
  res.on("close", cleanup);
  req.on("close", cleanup);
}
