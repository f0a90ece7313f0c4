export declare const OUTFILE: string;
export declare function buildCard(): Promise<string>;
