# Where does the long-range error of Table 2 (arXiv:2503.01696) come from? Variants of Alg 3.3 on the authors' CP
# tensors of 1/|x| (numpy/scipy, independent of the TypeScript code). Output stored in chebtuck_variants.out.txt.
#   /usr/bin/python3 packages/tensor/bench/reference/chebtuck_variants.py
# The authors' code (github bonans/ChebTuck, newton_tabs.m + ChebTuck.m + rhosvd.m) does: U = U1r/h on the cell
# centres, interp1(..., 'spline', 'extrap') (not-a-knot) to chebpts(m) (m points, second kind), chebtech2.vals2coeffs,
# RHOSVD with an absolute tail tol/3 per mode, error = max|F - F_ct| / max|F| on the slice z = xcol(floor(n/2)).
import os
import numpy as np
from numpy.polynomial import chebyshev as C
from scipy.interpolate import CubicSpline, make_interp_spline
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..', '..'))
D = os.path.join(os.environ.get('EQUITENSOR_DATA', os.path.join(ROOT, '..', 'shared', 'data')), 'chebtuck') + '/'

def load(n):
    h = 2 / n
    return np.load(D + f'newton_cp_n{n}_U1r.npy') / h, -1 + h / 2 + h * np.arange(n)

def entry(n, m, part='long', interp='not-a-knot', nodes='second', trunc=True, norm='slice-max', tol=1e-7):
    Uall, x = load(n)
    R = Uall.shape[1]
    U = Uall[:, :(R if part == 'full' else int(np.ceil(R / 2)) - 3)]
    p = C.chebpts2(m) if nodes == 'second' else C.chebpts1(m)
    if interp in ('not-a-knot', 'natural', 'clamped'):
        vals = CubicSpline(x, U, bc_type=interp)(p)
    else:  # 'quintic' / 'septic' B-spline interpolation (k = 5, 7)
        vals = make_interp_spline(x, U, k={'quintic': 5, 'septic': 7}[interp])(p)
    CU = np.linalg.solve(C.chebvander(p, m - 1), vals)  # values -> Chebyshev coefficients
    u, s, _ = np.linalg.svd(CU, full_matrices=False)
    tail = np.sqrt(np.cumsum((s ** 2)[::-1]))[::-1]
    r = np.nonzero(tail > tol / 3)[0][-1] + 1 if trunc else len(s)
    V = u[:, :r]
    Z = V.T @ CU
    G = np.einsum('ar,br,cr->abc', Z, Z, Z)
    Phi = C.chebvander(x, m - 1) @ V
    z = n // 2 - 1
    ref = (U * U[z]) @ U.T
    E = Phi @ np.einsum('abc,c->ab', G, Phi[z]) @ Phi.T - ref
    if norm == 'slice-max':
        e = np.abs(E).max() / np.abs(ref).max()
    elif norm == 'full-kernel-max':
        e = np.abs(E).max() / np.abs((Uall * Uall[z]) @ Uall.T).max()
    else:  # 'frobenius'
        e = np.linalg.norm(E) / np.linalg.norm(ref)
    return f'{e:.3e} [{r}]'

def row(label, **kw):
    long = '  '.join(entry(n, 129, 'long', **kw) for n in (256, 512, 1024))
    full = '  '.join(entry(256, m, 'full', **kw) for m in (129, 513))
    print(f'{label:<44} long m=129, n=256/512/1024: {long}   | full n=256, m=129/513: {full}')

print('variant'.ljust(44), 'relative max error on the middle z-slice [Tucker rank]')
row('authors (not-a-knot spline, m 2nd-kind pts)')
row('natural spline', interp='natural')
row('no Tucker truncation', trunc=False)
row('m first-kind points (numpy chebinterpolate)', nodes='first')
row('error / max of the full kernel', norm='full-kernel-max')
row('Frobenius-relative error', norm='frobenius')
row('quintic spline', interp='quintic')
row('septic spline', interp='septic')
print('even node counts (m + 1 points: x = 0 is no node)')
for nodes in ('second', 'first'):
    print(f'  {nodes}-kind, m = 130/258/514:',
          'long n=256:', ' '.join(entry(256, m, 'long', nodes=nodes) for m in (130, 258, 514)),
          '| full n=256, m = 130/514:', ' '.join(entry(256, m, 'full', nodes=nodes) for m in (130, 514)))

print('per-column 1D error of the spline -> Chebyshev step (n = 256, m = 129, long-range columns), at the cell centres')
Uall, x = load(256)
L = int(np.ceil(Uall.shape[1] / 2)) - 3
U = Uall[:, :L]
p = C.chebpts2(129)
CU = np.linalg.solve(C.chebvander(p, 128), CubicSpline(x, U)(p))
err = np.abs(C.chebvander(x, 128) @ CU - U).max(0) / np.abs(U).max(0)
print('  column:', ' '.join(f'{e:.1e}' for e in err))
print('narrowest long-range column k = L-1 vs the cubic-spline error h^4 |f\'\'\'\'(0)| / 384 of a Gaussian exp(-a x^2)')
for n in (256, 512, 1024):
    Uall, x = load(n)
    h = 2 / n
    L = int(np.ceil(Uall.shape[1] / 2)) - 3
    c = n // 2  # x_c = +h/2
    u = Uall[:, L - 1]
    a = (np.log(u[c]) - np.log(u[c + 1])) / (x[c + 1] ** 2 - x[c] ** 2)
    pred = h ** 4 * 12 * a ** 2 / 384
    p = C.chebpts2(129)
    cu = np.linalg.solve(C.chebvander(p, 128), CubicSpline(x, u)(p))
    meas = np.abs(C.chebvander(x, 128) @ cu - u).max() / u.max()
    print(f'  n={n}: a={a:.2f}  predicted {pred:.3e}  measured {meas:.3e}  slice error {entry(n, 129)}')
