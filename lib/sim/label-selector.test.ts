import { describe, expect, it } from "vitest";
import {
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
  SelectorError,
} from "./label-selector";

const labels = { app: "web", tier: "front", env: "prod" };
const m = (s: string, l: Record<string, string> = labels) => matchesLabels(parseLabelSelector(s), l);

describe("label selectors", () => {
  it("supports equality operators", () => {
    expect(m("app=web")).toBe(true);
    expect(m("app==web")).toBe(true);
    expect(m("app!=web")).toBe(false);
    expect(m("missing!=x")).toBe(true);
    expect(m("app=web,tier=back")).toBe(false);
  });

  it("supports set operators with commas inside parentheses", () => {
    expect(m("tier in (front, back)")).toBe(true);
    expect(m("tier notin (front,back)")).toBe(false);
    expect(m("missing notin (a)")).toBe(true);
    expect(m("tier in (back),app=web")).toBe(false);
    expect(m("env in (prod),tier in (front,x)")).toBe(true);
  });

  it("supports existence", () => {
    expect(m("app")).toBe(true);
    expect(m("!app")).toBe(false);
    expect(m("!missing")).toBe(true);
    expect(m("app,!missing,tier notin (x)")).toBe(true);
  });

  it("treats an empty selector as everything and rejects garbage", () => {
    expect(m("")).toBe(true);
    expect(() => parseLabelSelector("a b c")).toThrow(SelectorError);
  });

  it("parses field selectors on name and namespace", () => {
    const o = { metadata: { name: "a", namespace: "ns1" } };
    expect(matchesFields(parseFieldSelector("metadata.name=a"), o)).toBe(true);
    expect(matchesFields(parseFieldSelector("metadata.name!=a"), o)).toBe(false);
    expect(matchesFields(parseFieldSelector("metadata.namespace==ns1,metadata.name=a"), o)).toBe(true);
    expect(() => parseFieldSelector("spec.nodeName=x")).toThrow(SelectorError);
  });
});
