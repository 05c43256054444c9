// The part of autocannon's API bench/ui.ts uses (the package ships no types).
declare module "autocannon" {
  type Options = {
    url: string;
    connections?: number;
    overallRate?: number;
    servername?: string;
    duration?: number;
    headers?: Record<string, string>;
    requests?: { method?: string; path: string; headers?: Record<string, string> }[];
  };
  type Histogram = { average: number; p50: number; p90: number; p97_5: number; p99: number; max: number };
  type Result = {
    requests: Histogram & { total: number };
    latency: Histogram;
    non2xx: number;
    errors: number;
  };
  type Instance = PromiseLike<Result> & {
    on(
      event: "response",
      fn: (client: unknown, statusCode: number, bytes: number, responseTime: number) => void,
    ): void;
  };
  function autocannon(options: Options): Instance;
  export default autocannon;
}
