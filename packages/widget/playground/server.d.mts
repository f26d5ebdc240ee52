/** Starts the playground on `host:port` (default 127.0.0.1, port 0); resolves with its URL and a `close()`. */
export function startPlayground(options?: { port?: number; host?: string }): Promise<{ url: string; close(): Promise<void> }>;
