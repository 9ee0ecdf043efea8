// A worker thread does not inherit the parent's module hooks: register tsx, then run the TypeScript.
import { register } from 'tsx/esm/api';

register();
await import('./fuzz-worker.ts');
