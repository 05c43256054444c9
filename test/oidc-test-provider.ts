// A real OpenID Connect provider (oidc-provider) for tests on loopback: one confidential client,
// consent implied (the tests are about Portico's side of the exchange), accounts with groups.
import Provider from "oidc-provider";

export type TestAccount = { email: string; name: string; groups: string[] };

export function createTestProvider(opts: {
  issuer: string;
  client: { id: string; secret: string; redirectUri: string };
  account: (sub: string) => TestAccount | undefined;
}): Provider {
  return new Provider(opts.issuer, {
    clients: [
      {
        client_id: opts.client.id,
        client_secret: opts.client.secret,
        redirect_uris: [opts.client.redirectUri],
        response_types: ["code"],
        grant_types: ["authorization_code"],
        token_endpoint_auth_method: "client_secret_post",
      },
    ],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name", "groups"] },
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    loadExistingGrant: async (ctx) => {
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client!.clientId,
        accountId: ctx.oidc.session!.accountId!,
      });
      grant.addOIDCScope("openid email profile");
      await grant.save();
      return grant;
    },
    findAccount: async (_ctx, sub) => {
      const a = opts.account(sub);
      if (!a) return undefined;
      return {
        accountId: sub,
        claims: async () => ({ sub, email: a.email, email_verified: true, name: a.name, groups: a.groups }),
      };
    },
  });
}
