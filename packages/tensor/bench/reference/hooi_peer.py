"""Stand-in for tensorly 0.9's `tucker(x, rank, init='svd')` (HOOI), which is not installable here (no PyPI).

Mirrors tensorly 0.9's `partial_tucker` step for step, on numpy/OpenBLAS: HOSVD start from the truncated SVD of each
unfolding (`np.linalg.svd(unfold(x, n), full_matrices=False)`, tensorly's 'truncated_svd', with svd_flip's sign rule),
then sweeps U_n <- leading r_n left singular vectors of unfold(X x_{k != n} U_k^T, n) (mode products as tensorly's
`mode_dot`: GEMM on the unfolding, then fold), the core X x_k U_k^T after each sweep, the error
sqrt(|‖X‖² − ‖G‖²|)/‖X‖, and tensorly's stopping rule (from the third sweep on, stop when the error changes by less
than tol = 1e-4; n_iter_max = 100). Threads: set OPENBLAS_NUM_THREADS before starting Python.

    OPENBLAS_NUM_THREADS=1 python3 hooi_peer.py [--n 100] [--rank 8] [--repeats 5]

Prints one JSON line: the per-repeat wall and process-CPU seconds of the decomposition alone, sweeps, relative error.
"""
import argparse
import json
import os
import time

import numpy as np


def unfold(x, mode):
    return np.reshape(np.moveaxis(x, mode, 0), (x.shape[mode], -1))


def fold(m, mode, shape):
    full = list(shape)
    mode_dim = full.pop(mode)
    full.insert(0, mode_dim)
    return np.moveaxis(np.reshape(m, full), 0, mode)


def mode_dot(x, m, mode):
    # tensorly.tenalg.mode_dot with transpose already applied: (J × I_n) · unfold, folded back
    shape = list(x.shape)
    shape[mode] = m.shape[0]
    return fold(np.dot(m, unfold(x, mode)), mode, shape)


def multi_mode_dot(x, factors, skip=None):
    for mode, u in enumerate(factors):
        if mode != skip:
            x = mode_dot(x, u.T, mode)
    return x


def svd_flip(u, v):
    # tensorly.tenalg.svd.svd_flip (u_based_decision=True)
    signs = np.sign(u[np.argmax(np.abs(u), axis=0), range(u.shape[1])])
    return u * signs, v * signs[:, None]


def leading(m, r):
    u, s, vt = np.linalg.svd(m, full_matrices=False)
    u, vt = svd_flip(u[:, :r], vt[:r, :])
    return u


def tucker_hooi(x, ranks, n_iter_max=100, tol=1e-4):
    factors = [leading(unfold(x, n), ranks[n]) for n in range(x.ndim)]
    norm = np.linalg.norm(x)
    errors = []
    for it in range(n_iter_max):
        for n in range(x.ndim):
            y = multi_mode_dot(x, factors, skip=n)
            factors[n] = leading(unfold(y, n), ranks[n])
        core = multi_mode_dot(x, factors)
        errors.append(np.sqrt(abs(norm**2 - np.linalg.norm(core) ** 2)) / norm)
        if it > 1 and abs(errors[-2] - errors[-1]) < tol:
            break
    return core, factors, len(errors)


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--n', type=int, default=100)
    p.add_argument('--rank', type=int, default=8)
    p.add_argument('--repeats', type=int, default=5)
    a = p.parse_args()
    g = np.linspace(0.1, 1, a.n)
    X, Y, Z = np.meshgrid(g, g, g, indexing='ij')
    x = 1 / np.sqrt(X**2 + Y**2 + Z**2)
    wall, cpu = [], []
    for _ in range(a.repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        core, factors, sweeps = tucker_hooi(x, [a.rank] * 3)
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - t0)
    approx = multi_mode_dot(core, [u.T for u in factors])
    err = np.linalg.norm(approx - x) / np.linalg.norm(x)
    print(json.dumps({'peer': 'numpy HOOI (tensorly 0.9 algorithm)', 'numpy': np.__version__,
                      'blasThreads': os.environ.get('OPENBLAS_NUM_THREADS'), 'wall': wall, 'cpu': cpu,
                      'sweeps': sweeps, 'relativeError': err}))


if __name__ == '__main__':
    main()
