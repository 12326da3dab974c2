// Types for scripts/package.js, which the benchmark imports.
export declare const NCC_OPTIONS: string[]
export declare function buildBundle(outDir: string, options?: { quiet?: boolean }): void
