// Types of nuxt-payload.mjs for the TypeScript tests.
export declare class Wrapped {
  constructor(type: string, value: unknown);
  type: string;
  value: unknown;
}
export declare function shallowReactive(value: unknown): Wrapped;
export declare function reactive(value: unknown): Wrapped;
/** Nuxt 3 / devalue flattened JSON. */
export declare function stringifyPayload(root: unknown): string;
/** Reads devalue flattened JSON back, unwrapping Nuxt's reactive wrappers. */
export declare function parsePayload(json: string): unknown;
export declare function scriptSafeJson(json: string): string;
