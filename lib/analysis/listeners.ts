import type { Listener } from "@/lib/topology";

/** The client's TLS session reaches the backend untouched: the gateway sees only SNI. */
export function passesTlsThrough(l: Pick<Listener, "protocol" | "tls">): boolean {
  return l.tls?.mode === "PASSTHROUGH" || (l.protocol === "TLS" && l.tls === undefined);
}

/** The gateway reads HTTP on this listener, so VirtualService `http` rules apply to it. */
export function readsHttp(l: Pick<Listener, "protocol" | "tls">): boolean {
  return !passesTlsThrough(l) && l.protocol !== "TLS" && l.protocol !== "TCP";
}
