/** What server.js hands every loader and action besides the request. */
declare module '@remix-run/node' {
  interface AppLoadContext {
    /** Per-response nonce for the Content-Security-Policy (undefined in development). */
    cspNonce?: string;
    /** The client's address, as trusted by server.js (proxy-aware when TRUST_PROXY is set). */
    clientAddress: string;
  }
}
export {};
