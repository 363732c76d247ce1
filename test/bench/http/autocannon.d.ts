/** The part of autocannon's programmatic API the HTTP figures use (it ships no types). */
declare module 'autocannon' {
  type Histogram = { average: number; p50: number; p99: number; total: number; max: number };
  export type Result = {
    requests: Histogram;
    latency: Histogram;
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    mismatches: number;
  };
  export type Options = {
    url: string;
    method?: string;
    connections?: number;
    duration?: number;
    headers?: Record<string, string>;
    body?: string;
    requests?: { setupRequest?: (request: Record<string, unknown>, context: Record<string, unknown>) => Record<string, unknown> }[];
    verifyBody?: (body: string) => boolean;
  };
  export default function autocannon(options: Options): Promise<Result>;
}
