export function importGraph(sources: Record<string, string>): Record<string, string[]>;
export function findCycles(graph: Record<string, string[]>): string[][];
