// Types for scripts/build.mjs, for the TypeScript that imports it (bench/startup.ts).
export declare const SRC: string;
export declare const DIST: string;
export declare function buildIsCurrent(): boolean;
export declare function build(): Promise<{ files: number; ms: number }>;
export declare function bundleScript(entry: string, outfile: string): Promise<void>;
export declare function ensureBuild(): Promise<void>;
