import type { Metadata } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { QueryProvider } from "@/components/query-provider";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Portico", template: "%s · Portico" },
  description: "Move from one shared Istio ingress to a gateway per product, safely.",
  // Served from public/; browsers that ignore these links still ask for /favicon.ico, which is there too.
  icons: {
    icon: [
      { url: "/favicon.ico", sizes: "16x16 32x32 48x48" },
      { url: "/icon.svg", type: "image/svg+xml" },
    ],
  },
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Note: every page renders per request, so each carries the nonce of its Content Security Policy
  // (proxy.ts); a page prerendered at build time would have scripts without it and stay blank.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen font-sans text-sm">
        <QueryProvider>{children}</QueryProvider>
      </body>
    </html>
  );
}
