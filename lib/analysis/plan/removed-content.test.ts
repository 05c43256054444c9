import { describe, expect, it } from "vitest";
import { removedContent } from "./removed-content";

describe("removedContent", () => {
  const rule = (name: string, prefix: string, extra: object = {}) => ({
    name,
    match: [{ uri: { prefix } }],
    route: [{ destination: { host: name } }],
    ...extra,
  });

  it("names a rule that is gone, by its name", () => {
    const before = {
      spec: { http: [rule("maintenance", "/m", { directResponse: { status: 503 } }), rule("api", "/")] },
    };
    const after = { spec: { http: [rule("api", "/")] } };
    expect(removedContent(before, after)).toEqual(['spec.http: rule "maintenance"']);
  });

  it("matches unnamed rules by their match, rendered or hand-written, and lists what they lose", () => {
    const handWritten = {
      match: [{ name: "m", uri: { prefix: "/v1" }, headers: { "X-Team": { exact: "a" } } }],
    };
    const rendered = { match: [{ uri: { prefix: "/v1" }, headers: { "x-team": { exact: "a" } } }] };
    const before = { spec: { http: [{ ...handWritten, route: [], mirror: { host: "x" } }] } };
    const after = { spec: { http: [{ ...rendered, route: [] }] } };
    const lost = removedContent(before, after);
    // The rule itself is kept (same match once names and header case are set aside); its mirror
    // and the match's own name are not.
    expect(lost.some((l) => /rule/.test(l))).toBe(false);
    expect(lost.some((l) => l.endsWith(".mirror"))).toBe(true);
  });

  it("lists whole sections that go, and nothing for values that only change", () => {
    const before = { spec: { hosts: ["a"], tcp: [{ route: [] }] } };
    expect(removedContent(before, { spec: { hosts: ["a"] } })).toEqual(["spec.tcp"]);
    expect(removedContent({ spec: { timeout: "1s" } }, { spec: { timeout: "2s" } })).toEqual([]);
  });

  it("takes a destination changed in place as a change, and one that goes as a removal", () => {
    const short = { destination: { host: "ingest", port: { number: 8080 } } };
    const fqdn = {
      destination: { host: "ingest.analytics-ingest.svc.cluster.local", port: { number: 8080 } },
    };
    const rule = (route: object[]) => ({ spec: { http: [{ name: "ingest", route }] } });
    expect(removedContent(rule([short]), rule([fqdn]))).toEqual([]);
    // A weighted second destination that the new object lacks is gone, not changed.
    const canary = { destination: { host: "ingest-v2" }, weight: 10 };
    expect(removedContent(rule([short, canary]), rule([fqdn]))).toEqual([
      'spec.http["ingest"].route: item {"destination":{"host":"ingest-v2"},"weight":10}',
    ]);
  });
});
