// The round-robin proxy of bench/replicas.ts in a process of its own, so that forwarding requests
// does not share an event loop with the load generator that times them.
// Usage: round-robin-proxy-cli.ts PORT UPSTREAM_PORT...   Prints {"port"} once listening and, on
// SIGTERM, {"served": [n per upstream]} before it exits.
import { startRoundRobinProxy } from "@/test/helpers/round-robin-proxy";

const [port, ...upstreams] = process.argv.slice(2).map(Number);
const proxy = await startRoundRobinProxy(upstreams, port);
console.log(JSON.stringify({ port: proxy.port }));
process.once("SIGTERM", () => {
  const served = upstreams.map((_, i) => proxy.served.filter((s) => s.upstream === i).length);
  console.log(JSON.stringify({ served }));
  process.exit(0);
});
