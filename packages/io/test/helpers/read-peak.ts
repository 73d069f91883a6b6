/**
 * Child process of read-memory.test.ts: reads one file with `readFramesFromFileSync` and prints, as JSON, the
 * atoms read, the resident memory before reading (after start-up and imports) and the peak resident memory.
 * Usage: `node --import tsx read-peak.ts PATH FORMAT`.
 */
import { readFramesFromFileSync } from '../../src/node/index.ts';

const [path, format] = process.argv.slice(2) as [string, string];
const baseline = process.memoryUsage().rss;
const frames = readFramesFromFileSync(path, { format });
const peak = process.resourceUsage().maxRSS * 1024;
console.log(JSON.stringify({ atoms: frames[0]!.numbers.length, baseline, peak }));
