import { isIPv4 } from "node:net";

/**
 * Hands out addresses in 127.0.0.0/8 for simulated load balancers. The whole range is loopback on
 * Linux, so each gateway Service can have an address of its own and serve ports 80 and 443 there,
 * as a cloud load balancer would. Addresses are random so that simulators running side by side (a
 * test suite's parallel files) rarely meet; when a bind finds an address taken, the caller asks
 * for another.
 */
export class LoopbackAddresses {
  private readonly used = new Set<string>();

  /** Marks an address (restored from a state file) as in use; false when it is not usable. */
  claim(address: string): boolean {
    if (!isLoopbackV4(address) || address === "127.0.0.1" || this.used.has(address)) return false;
    this.used.add(address);
    return true;
  }

  next(): string {
    for (;;) {
      const a = 16 + Math.floor(Math.random() * 235);
      const b = Math.floor(Math.random() * 256);
      const c = 1 + Math.floor(Math.random() * 254);
      const addr = `127.${a}.${b}.${c}`;
      if (!this.used.has(addr)) {
        this.used.add(addr);
        return addr;
      }
    }
  }

  release(address: string): void {
    this.used.delete(address);
  }
}

export function isLoopbackV4(address: string): boolean {
  return isIPv4(address) && address.startsWith("127.");
}
