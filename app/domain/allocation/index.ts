/** Allocation (配货) and the cycle plan it works from (supply and caps), pure. */
export * from './allocate';
export * from './bands';
export * from './deposits';
export * from './plan-file';
export * from './demand';
export * from './methods';
export * from './supervision';
export * from './evenness';
export * from './supply-replay';
