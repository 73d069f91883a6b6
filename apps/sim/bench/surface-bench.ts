/**
 * Surface benchmark (issue 18): a PQR protein from its text to the first frame of its solvent-excluded surface
 * coloured by the electrostatic potential, in this viewer, NGL and 3Dmol.js, one fresh headless Chromium per case
 * (WebGL on SwiftShader), libraries taking turns to run first. See `surface/page.ts` for what each library does.
 *
 *   pnpm tsx apps/sim/bench/surface-bench.ts [--file ../shared/data/pqr/actin-dimer_complex.pqr] [--timeout 300]
 *     [--libraries equitensor,NGL,3Dmol.js] [--rounds 1]
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { serveApp } from '../src/cli/commands/app-server.ts';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const file = resolve(arg('--file', fileURLToPath(new URL('../../../../shared/data/pqr/actin-dimer_complex.pqr', import.meta.url))));
const timeoutS = Number(arg('--timeout', '300'));
const libraries = arg('--libraries', 'equitensor,NGL,3Dmol.js').split(',');
const rounds = Number(arg('--rounds', '1'));

const root = fileURLToPath(new URL('./surface/', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'surface-bench-'));
await build({ configFile: false, root, base: './', logLevel: 'warn', build: { outDir: out, emptyOutDir: true, target: 'es2022' } });
const modules = fileURLToPath(new URL('../node_modules/', import.meta.url));
copyFileSync(join(modules, '3dmol/build/3Dmol-min.js'), join(out, '3Dmol-min.js'));
copyFileSync(join(modules, 'ngl/dist/ngl.js'), join(out, 'ngl.js'));
copyFileSync(file, join(out, basename(file)));
const { url, server } = await serveApp(out, 0);

const rows: { library: string; atoms?: number; ms?: number; note?: string; error?: string }[] = [];
for (let round = 0; round < rounds; round++)
  for (const [k] of libraries.entries()) {
    const library = libraries[(k + round) % libraries.length]!;
    const userDataDir = mkdtempSync(join(tmpdir(), 'surface-bench-profile-'));
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--no-first-run'],
      viewport: { width: 1000, height: 700 },
    });
    const page = await context.newPage();
    try {
      await page.goto(url);
      await page.waitForFunction(() => 'runSurface' in window);
      const result = await Promise.race([
        page.evaluate(
          ([lib, f]) =>
            (
              window as unknown as {
                runSurface(l: string, f: string): Promise<{ library: string; atoms: number; ms: number; note: string }>;
              }
            ).runSurface(lib, f),
          [library, basename(file)] as [string, string],
        ),
        new Promise<{ library: string; error: string }>((done) =>
          setTimeout(() => done({ library, error: `> ${timeoutS} s` }), timeoutS * 1000),
        ),
      ]);
      rows.push(result);
    } catch (error) {
      rows.push({ library, error: (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 120) });
    }
    process.stderr.write(`${JSON.stringify(rows.at(-1))}\n`);
    await context.close().catch(() => {});
    rmSync(userDataDir, { recursive: true, force: true });
  }
server.close();
rmSync(out, { recursive: true, force: true });
console.log(`${basename(file)}; ${new Date().toISOString()}\n`);
console.log('| library | atoms | file text → first frame (ms) | note |');
console.log('|---|---:|---:|---|');
for (const r of rows) console.log(`| ${r.library} | ${r.atoms ?? ''} | ${r.ms?.toFixed(0) ?? '—'} | ${r.note ?? r.error ?? ''} |`);
