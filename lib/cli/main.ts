import { parseArgs, UsageError } from "./args";
import { drainCommand } from "./drain-command";
import { contractCommand, diffCommand, renderCommand, validateCommand } from "./commands";
import { importCommand } from "./import-command";
import type { Io } from "./io";
import { probeCommand } from "./probe-command";

export const USAGE = `usage: portico <command> [options]

  render   -f FILE [--cluster NAME | --out-dir DIR] [--format istio|gateway-api] [--revision N]
           print one cluster's multi-document YAML for kubectl apply or a GitOps repository, or
           write DIR/<cluster>.yaml per cluster (--cluster is needed when there are several
           clusters and no --out-dir: one stream never mixes clusters)
           (exit 1, YAML still written, when the analyzer finds errors, or in gateway-api
           format when a route is refused: PTC043, PTC044)
  validate -f FILE [--json]
           schema and analyzer findings over all clusters
  contract --before A --after B [--live DIR --cluster NAME] [--format istio|gateway-api] [--json]
           list every call that routed before and breaks after
  diff     -f FILE --live DIR [--cluster NAME] [--format istio|gateway-api] [--json]
           plan against live objects (YAML files in DIR; by the sync's rule, exact with
           kubectl get -o yaml --show-managed-fields)
  import   -f FILE | --live DIR | --kubeconfig FILE [--context C]
           [--cluster NAME] [--region R] [--zone Z] [--network N] [--json]
           read a shared ingress (Istio Gateway/VirtualService, Ingress with ingress-nginx
           annotations) into a topology; YAML on stdout, findings on stderr (or one JSON)
  probe    --kubeconfig F [--context C] [--cluster NAME] -f FILE --product P [--shared ns/svc]
           [--product-gateway ns/svc] [--ca FILE] [--access-log FILE] [--json]
           send the product's calls to the shared and the product gateway and compare the answers
           (exit 1 when a call class differs or fails; --json prints one object per call class)
  drain    -f FILE --product P --prometheus URL [--window SECONDS] [--max-error-rate R]
           [--format istio|gateway-api] [--json]
           has the shared gateway stopped serving the product? Read from Prometheus' Istio metrics
           (exit 0 drained, 1 still serving or unknown)

exit codes: 0 clean, 1 errors (or changes, for diff; differences, for probe), 2 bad usage or unreadable file
`;

const usageFailure = (e: unknown, io: Io): number => {
  if (!(e instanceof UsageError)) throw e;
  io.err(e.showUsage ? `portico: ${e.message}\n\n${USAGE}` : `portico: ${e.message}\n`);
  return 2;
};

/**
 * Runs one CLI invocation and returns its exit code (a promise only when it reads a cluster);
 * never exits the process itself.
 */
export function run(argv: readonly string[], io: Io): number | Promise<number> {
  try {
    const args = parseArgs(argv);
    if (args.flags.get("help") === true || args.command === "help") {
      io.out(USAGE);
      return 0;
    }
    switch (args.command) {
      case "render":
        return renderCommand(args, io);
      case "validate":
        return validateCommand(args, io);
      case "contract":
        return contractCommand(args, io);
      case "diff":
        return diffCommand(args, io);
      case "import": {
        const code = importCommand(args, io);
        return typeof code === "number" ? code : code.catch((e: unknown) => usageFailure(e, io));
      }
      case "probe":
        return probeCommand(args, io).catch((e: unknown) => usageFailure(e, io));
      case "drain":
        return drainCommand(args, io).catch((e: unknown) => usageFailure(e, io));
      case undefined:
        throw new UsageError("missing command");
      default:
        throw new UsageError(`unknown command "${args.command}"`);
    }
  } catch (e) {
    return usageFailure(e, io);
  }
}

const isMain = process.argv[1] !== undefined && /lib[\\/]cli[\\/]main\.ts$/.test(process.argv[1]);
if (isMain) {
  void Promise.resolve(
    run(process.argv.slice(2), {
      out: (t) => process.stdout.write(t),
      err: (t) => process.stderr.write(t),
    }),
  ).then((code) => {
    process.exitCode = code;
  });
}
