export declare const RANGE_SHAPE: Record<string, { count: number; seconds: number }>;
export declare function contractProblems(result: unknown): string[];
