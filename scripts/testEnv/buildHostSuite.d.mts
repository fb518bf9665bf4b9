// Types for buildHostSuite.mjs.
export declare const HOST_SUITE_OUT: string;
export declare function buildHostSuite(): Promise<string>;
