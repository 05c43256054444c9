import { connect, type Socket } from "node:net";
import { type SecureContext } from "node:tls";
import { type Resolution } from "./endpoints";
import { type ProxyIdentity } from "./proxy-request";
import { replaySocket } from "./replay-socket";
import { type RequestRecord } from "./telemetry";
import { type TlsEchoServer } from "./tls-echo-server";

type Resolved = Resolution & { kind: "ok" };

/** The destination labels of Istio's metrics for a resolved endpoint. */
export function destinationLabels(
  r: Resolved | undefined,
): Pick<
  RequestRecord,
  | "destinationService"
  | "destinationServiceName"
  | "destinationServiceNamespace"
  | "destinationWorkload"
  | "destinationWorkloadNamespace"
  | "destinationCluster"
> {
  const ep = r?.endpoint;
  return {
    destinationService: r?.destinationService.host ?? "unknown",
    destinationServiceName: r?.destinationService.name ?? "unknown",
    destinationServiceNamespace: r?.destinationService.namespace ?? "unknown",
    destinationWorkload: ep?.kind === "pod" ? (ep.owner?.metadata?.name ?? ep.service) : "unknown",
    destinationWorkloadNamespace: ep?.kind === "pod" ? ep.namespace : "unknown",
    destinationCluster: ep?.cluster ?? "unknown",
  };
}

/** The source labels of Istio's metrics for the proxy that reports. */
export function sourceLabels(
  proxy: ProxyIdentity,
): Pick<RequestRecord, "reporter" | "sourceWorkload" | "sourceNamespace" | "sourceApp" | "sourceCluster"> {
  return {
    reporter: "source",
    sourceWorkload: proxy.workload,
    sourceNamespace: proxy.namespace,
    ...(proxy.app ? { sourceApp: proxy.app } : {}),
    sourceCluster: proxy.cluster,
  };
}

/**
 * Forwards a connection's bytes untouched (TLS passthrough at a gateway, a mesh client's CONNECT
 * tunnel): to an address over a new TCP connection, or to an echo pod that terminates TLS itself.
 * `head` holds bytes already read from the client. Counts Istio's TCP metrics when it closes.
 */
export function passThrough(
  socket: Socket,
  head: Buffer,
  r: Resolved,
  proxy: ProxyIdentity,
  tls: { echo: TlsEchoServer; context: SecureContext },
): void {
  const record = (sent: number, received: number) =>
    proxy.telemetry.recordTcp({ ...sourceLabels(proxy), ...destinationLabels(r) }, sent, received);
  if (r.endpoint.kind === "address") {
    const upstream = connect({ host: r.endpoint.address, port: r.endpoint.port });
    upstream.on("error", () => socket.destroy());
    socket.on("close", () => upstream.destroy());
    upstream.on("close", () => {
      // Istio counts "sent" as bytes of the response (back to the client), "received" of the request.
      record(upstream.bytesRead, upstream.bytesWritten);
      socket.destroy();
    });
    if (head.length > 0) upstream.write(head);
    socket.pipe(upstream).pipe(socket);
    socket.resume();
    return;
  }
  tls.echo.accept(replaySocket(socket, head), tls.context, r.endpoint, (bytesIn, bytesOut) =>
    record(bytesOut, bytesIn),
  );
}
