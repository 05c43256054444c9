// Lint rules: Next.js's recommended set (React, hooks, accessibility, Core Web Vitals) and its
// TypeScript rules, as flat configs (eslint-config-next 16 exports arrays of config objects).
import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

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
