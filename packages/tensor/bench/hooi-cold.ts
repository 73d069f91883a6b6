/**
 * Issue 16: where the time of a fresh `tensor decompose --format tucker --rank 8 --method hooi` process goes. One
 * fresh process per run: process CPU seconds (all threads, V8's background compilers included) of loading the
 * modules, reading the .npy (as the CLI does), the first `hooi` call (what the CLI reports as `seconds`), a second
 * call on the same tensor (warm), and the first and a warm `symmetricEigen` of a 100×100 Gram matrix of the tensor.
 *
 *   python3 -c "import numpy as np; g=np.linspace(0.1,1,100); X,Y,Z=np.meshgrid(g,g,g,indexing='ij'); np.save('/tmp/r100.npy', 1/np.sqrt(X**2+Y**2+Z**2))"
 *   for i in 1 2 3 4 5; do nice node --import tsx packages/tensor/bench/hooi-cold.ts /tmp/r100.npy [sthosvd]; done
 *
 * The second argument picks HOOI's start (default hosvd, the library's default; sthosvd is the CLI's).
 */
const cpu = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
};
const c0 = cpu();
const { readFileSync } = await import('node:fs');
const { parseNpy } = await import('@equitensor/io');
const { hooi, tensorFromNpy } = await import('../src/index.ts');
const c1 = cpu();
const x = tensorFromNpy(parseNpy(readFileSync(process.argv[2] ?? '/tmp/r100.npy')));
const c2 = cpu();
const init = process.argv[3] === 'sthosvd' ? 'sthosvd' : 'hosvd';
const first = hooi(x, { ranks: [8, 8, 8], init });
const c3 = cpu();
const second = hooi(x, { ranks: [8, 8, 8], init });
const c4 = cpu();
const round = (v: number) => Number(v.toFixed(3));
console.log(
  JSON.stringify({
    init,
    loadModules: round(c1 - c0),
    readNpy: round(c2 - c1),
    hooiFirst: round(c3 - c2),
    hooiWarm: round(c4 - c3),
    sweeps: [first.iterations, second.iterations],
    sameResult: first.tucker.core.data.every((v, i) => Object.is(v, second.tucker.core.data[i])),
  }),
);
