import { describe, expect, it } from "vitest";
import { errorFromResponse, errorFromThrown } from "@/lib/k8s/kube-api-error";
import { describeFailure } from "./check-cluster";

describe("describeFailure", () => {
  it("says what to do for each kind of failure", () => {
    expect(describeFailure(errorFromResponse(401, {}, { kind: "Status", message: "Unauthorized" }))).toMatch(
      /Rotate the cluster's credentials/,
    );
    expect(
      describeFailure(
        errorFromThrown(
          Object.assign(new TypeError("fetch failed"), {
            cause: { code: "ECONNREFUSED", message: "connect ECONNREFUSED 10.0.0.1:6443" },
          }),
        ),
      ),
    ).toMatch(/^No answer from the API server: .*ECONNREFUSED.*Check the URL/);
    expect(describeFailure(new Error("boom"))).toBe("Unexpected error while talking to the cluster.");
  });
});
