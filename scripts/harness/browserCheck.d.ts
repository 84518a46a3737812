export declare function chromiumProblem(): string | null;
