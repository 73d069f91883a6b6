# Independent re-implementation (numpy/scipy) of ChebTuck Alg 3.3 for the Newton kernel tables (Tables 1-2 of
# arXiv:2503.01696): scipy CubicSpline (not-a-knot), scipy DCT-I, numpy SVD, numpy chebvander. Output stored next to
# this file (chebtuck_ref.out.txt); the TypeScript test compares against these numbers.
#   python3 packages/tensor/bench/reference/chebtuck_ref.py
import os
import numpy as np
from scipy.interpolate import CubicSpline
from scipy.fft import dct
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..', '..'))
D = os.path.join(os.environ.get('EQUITENSOR_DATA', os.path.join(ROOT, '..', 'shared', 'data')), 'chebtuck') + '/'
def vals2coeffs(v):  # v: ascending chebpts values, columns
    N=v.shape[0]-1
    y=dct(v[::-1],type=1,axis=0)/N
    y[0]/=2; y[-1]/=2
    return y
def entry(n,m,part,tol=1e-7):
    h=2/n; U=np.load(D+f'newton_cp_n{n}_U1r.npy')/h
    R=U.shape[1]; keep=R if part=='full' else int(np.ceil(R/2))-3
    U=U[:,:keep]
    x=-1+h/2+h*np.arange(n)
    cp=-np.cos(np.pi*np.arange(m)/(m-1))
    CU=vals2coeffs(CubicSpline(x,U,bc_type='not-a-knot',extrapolate=True)(cp))
    u,s,vt=np.linalg.svd(CU,full_matrices=False)
    tail=np.sqrt(np.cumsum((s**2)[::-1]))[::-1]
    r=np.nonzero(tail>tol/3)[0][-1]+1
    V=u[:,:r]; Z=V.T@CU
    G=np.einsum('ar,br,cr->abc',Z,Z,Z)
    T=np.polynomial.chebyshev.chebvander(x,m-1)
    Phi=T@V
    z=n//2-1
    ref=(U*U[z]) @ U.T
    app=Phi@np.einsum('abc,c->ab',G,Phi[z])@Phi.T
    return np.abs(app-ref).max()/np.abs(ref).max(), r
for n in [256,512,1024]:
    for part in ['full','long']:
        print(n,part,[ (f'{e:.3e}',r) for e,r in (entry(n,m,part) for m in [129,257,513,1025])])
