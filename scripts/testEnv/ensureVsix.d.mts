// Types for ensureVsix.mjs.
export declare function ensureVsix(): string;
