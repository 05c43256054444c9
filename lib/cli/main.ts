import { parseArgs, UsageError } from "./args";
import { contractCommand, diffCommand, importCommand, renderCommand, validateCommand } from "./commands";
import type { Io } from "./io";
import { probeCommand } from "./probe-command";

export const USAGE = `usage: portico <command> [options]

  render   -f FILE [--cluster NAME] [--format istio|gateway-api] [--revision N]
           print multi-document YAML for kubectl apply or a GitOps repository
           (exit 1, YAML still printed, when the analyzer finds errors)
  validate -f FILE [--json]
           schema and analyzer findings over all clusters
  contract --before A --after B [--json]
           list every call that routed before and breaks after
  diff     -f FILE --live DIR [--cluster NAME] [--format istio|gateway-api] [--json]
           plan against live objects (YAML files in DIR)
  import   --live DIR --cluster NAME --region R --zone Z [--network N] [--domain D] [--name T]
           read a shared ingress (Istio Gateway/VirtualService, Ingress) into a topology
  probe    --kubeconfig F [--context C] [--cluster NAME] -f FILE --product P [--shared ns/svc]
           [--product-gateway ns/svc] [--ca FILE] [--access-log FILE] [--json]
           send the product's calls to the shared and the product gateway and compare the answers
           (exit 1 when a call class differs or fails; --json prints one object per call class)

exit codes: 0 clean, 1 errors (or changes, for diff; differences, for probe), 2 bad usage or unreadable file
`;

function usageExit(e: unknown, io: Io): number {
  if (!(e instanceof UsageError)) throw e;
  io.err(e.showUsage ? `portico: ${e.message}\n\n${USAGE}` : `portico: ${e.message}\n`);
  return 2;
}

/**
 * Runs one CLI invocation and returns its exit code (a promise for commands that talk to a
 * cluster); never exits the process itself.
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
      case "import":
        return importCommand(args, io);
      case "probe":
        return probeCommand(args, io).catch((e: unknown) => usageExit(e, io));
      case undefined:
        throw new UsageError("missing command");
      default:
        throw new UsageError(`unknown command "${args.command}"`);
    }
  } catch (e) {
    return usageExit(e, io);
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
