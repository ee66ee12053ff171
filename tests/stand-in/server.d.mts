// Types of server.mjs for the TypeScript tests.
export interface StandInState {
  variant: 'v1' | 'v2';
  json: 'on' | 'off';
  attrs: 'on' | 'off';
  virtualize: 'on' | 'off';
  nuxt: 'devalue' | 'plain';
  /** ms added to every API response */
  latency: number;
  session: 'in' | 'out';
  challenge: 'on' | 'off';
}

export interface ServedRequest {
  method: string;
  /** path and query */
  url: string;
  status: number;
  at: number;
}

export interface StandIn {
  port: number;
  /** base64 SHA-256 of the certificate's SubjectPublicKeyInfo */
  spki: string;
  /** `--host-resolver-rules=…` and `--ignore-certificate-errors-spki-list=…` */
  chromiumArgs: string[];
  /** `https://www.upwork.com<path>`: the address inside a browser started with chromiumArgs */
  url(path?: string): string;
  /** `https://127.0.0.1:<port><path>`: for clients that do not remap the host */
  localUrl(path?: string): string;
  setState(changes: Partial<Record<keyof StandInState, string | number>>): StandInState;
  resetState(): StandInState;
  getState(): StandInState;
  requests(): ServedRequest[];
  clearRequests(): void;
  close(): Promise<void>;
}

export declare const HOST: 'www.upwork.com';
export declare const DEFAULT_STATE: Readonly<StandInState>;
export declare function standInCertificate(): { key: Buffer; cert: Buffer; spki: string };
export declare function startStandIn(options?: { port?: number }): Promise<StandIn>;
