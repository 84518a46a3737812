import type { Browser } from 'playwright-core';

export declare function chromiumProblem(): string | null;
export declare function launchChromium(options: { tempDir: string }): Promise<Browser>;
