// Lint rules: Next.js's recommended set (React, hooks, accessibility, Core Web Vitals) and its
// TypeScript rules, as flat configs (eslint-config-next 16 exports arrays of config objects).
import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

// ARCHITECTURE.md's "may import" column for the pure folders: they import neither React, Next.js,
// Prisma nor the database, nor any folder that does; the UI, worker and CLI share them.
const PURE = ["topology", "istio", "gateway-api", "analysis", "migration", "import", "topology-graph"];
// Validators of plain values (zod only), which the pure folders share with request forms.
const PURE_VALIDATORS = ["validations/names", "validations/migration"];
function pureImportsOnly(allowed) {
  return {
    "no-restricted-imports": [
      "error",
      {
        patterns: [
          {
            group: ["react", "react/*", "react-dom", "react-dom/*", "next", "next/*", "@prisma/*"],
            message: "Pure modules import neither React, Next.js nor Prisma (ARCHITECTURE.md).",
          },
          {
            regex: `^@/lib/(?!(${allowed.join("|")})(/|$)|(${PURE_VALIDATORS.join("|")})$)`,
            message: `This folder may import only ${allowed.map((f) => `lib/${f}`).join(", ")} and the pure validators (ARCHITECTURE.md, "may import").`,
          },
          { group: ["@/app/*", "@/components/*"], message: "Pure modules import no app or UI code." },
        ],
      },
    ],
  };
}

const config = [
  {
    ignores: [
      "node_modules/**",
      ".next/**",
      ".next-release/**",
      "release/**",
      "dist/**",
      "lib/db/generated/**",
      "test-results/**",
      "playwright-report/**",
      "coverage/**",
      "next-env.d.ts",
      ".portico/**",
    ],
  },
  ...nextCoreWebVitals,
  ...nextTypescript,
  {
    rules: {
      // Unused arguments named with a leading underscore are deliberate (handler signatures).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
    },
  },
  { files: ["lib/topology/**"], ignores: ["**/*.test.ts"], rules: pureImportsOnly(["topology"]) },
  ...["istio", "gateway-api", "analysis"].map((folder) => ({
    files: [`lib/${folder}/**`],
    ignores: ["**/*.test.ts"],
    // The renderers and the analyzer use each other (gateway-api's precedence check is the
    // analyzer's request space; the analyzer checks rendered objects).
    rules: pureImportsOnly(["topology", "istio", "gateway-api", "analysis"]),
  })),
  {
    files: ["lib/migration/**", "lib/import/**", "lib/topology-graph/**"],
    ignores: ["**/*.test.ts"],
    rules: pureImportsOnly(PURE),
  },
  {
    // Tests poke at partial objects and parsed JSON; `any` there costs less than the casts.
    files: ["**/*.test.ts", "**/*.test.tsx", "test/**", "e2e/**", "bench/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    // Playwright fixtures receive a `use` callback that is not React's use() hook.
    files: ["e2e/**"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
];

export default config;
