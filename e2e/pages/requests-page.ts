import { expect, type Page } from "@playwright/test";

/** Gateway requests: the form, one request's page with review and edit, the approval rules. */
export class RequestsPage {
  constructor(readonly page: Page) {}

  async gotoNew() {
    await this.page.goto("/requests/new");
    await expect(this.page.getByRole("heading", { name: "Request a gateway", level: 1 })).toBeVisible();
  }

  async fill(input: {
    product: string;
    namespace: string;
    hosts: string;
    cluster: string;
    tlsSecret?: string;
    path: string;
    service: string;
    port?: string;
  }) {
    const p = this.page;
    await p.getByLabel("Product", { exact: true }).fill(input.product);
    await p.getByLabel("Gateway namespace").fill(input.namespace);
    await p.getByLabel("Hosts (one per line)").fill(input.hosts);
    await p.getByRole("checkbox", { name: input.cluster }).check();
    if (input.tlsSecret !== undefined) await p.getByLabel("TLS secret").fill(input.tlsSecret);
    await p.getByLabel("Path prefix").first().fill(input.path);
    await p.getByLabel("Service").first().fill(input.service);
    if (input.port) await p.getByLabel("Port").first().fill(input.port);
  }

  async submit(name: "Submit request" | "Resubmit request" = "Submit request") {
    await this.page.getByRole("button", { name }).click();
  }

  status() {
    return this.page.getByRole("heading", { name: /^Status:/ });
  }

  async review(decision: "Approve" | "Ask for changes" | "Reject" | "Comment", comment?: string) {
    if (comment) await this.page.getByLabel(/^Comment/).fill(comment);
    await this.page.getByRole("button", { name: decision, exact: true }).click();
  }
}
