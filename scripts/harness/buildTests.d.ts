export declare const OUT_DIR: string;
export declare function integrationTestFiles(): string[];
export declare function buildIntegrationTests(): Promise<{ outDir: string; files: string[] }>;
