/** One request the fake Resend server received (test/resend-fake/global-setup.ts), as GET /__requests lists it. */
export interface RecordedRequest {
  method: string;
  path: string;
  /** Lower-cased header names, as Node reports them. */
  headers: Record<string, string>;
  /** The parsed JSON body (or the raw text when it was not JSON; null when empty). */
  body: unknown;
  /** Set when the client gave up (closed the connection) before a hung request was answered. */
  abandoned?: boolean;
}
