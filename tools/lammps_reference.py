"""What the LAMMPS fixture generators (packages/*/test/fixtures/generate_*.py) share: one `run 0` of `lmp` on an input
(potential energy, pressure tensor and the dumped per-atom rows, all printed at 17 digits), the extxyz reference frame
written from them, and `pair_coeff` lines from a pair-parameter file. Import with
`sys.path.insert(0, <repository>/tools)`; needs only `lmp` on the PATH (LAMMPS 29 Sep 2021 for the committed files).
"""
import os, subprocess, tempfile


def run0(setup, count, columns='id type x y z fx fy fz c_pe', files=None):
    """Run `lmp` once (`run 0`) on `setup` (the `units` … `pair_coeff`/`kspace_style` lines, newline-terminated) in a
    fresh folder holding `files` (name -> text); per-atom energies are computed when `columns` names c_pe. Returns
    (pe, press, rows): the potential energy and pressure tensor (bar: Pxx Pyy Pzz Pxy Pxz Pyz) as LAMMPS printed them,
    and the first `count` rows of the dump (sorted by id) split into fields."""
    tmp = tempfile.mkdtemp()
    for name, text in (files or {}).items():
        with open(os.path.join(tmp, name), 'w') as f:
            f.write(text)
    with open(os.path.join(tmp, 'in'), 'w') as f:
        f.write(setup + ('compute pe all pe/atom\n' if 'c_pe' in columns else '') +
                'thermo_style custom step pe pxx pyy pzz pxy pxz pyz\nthermo_modify format float %.17g\n'
                f'dump d all custom 1 dump.txt {columns}\ndump_modify d format float %.17g sort id\n'
                'run 0\n')
    out = subprocess.run(['lmp', '-in', 'in', '-log', 'log'], cwd=tmp, capture_output=True, text=True, check=True).stdout
    lines = out.split('\n')
    h = next(k for k, l in enumerate(lines) if l.split()[:2] == ['Step', 'PotEng'])
    _, pe, *press = lines[h + 1].split()
    with open(os.path.join(tmp, 'dump.txt')) as f:
        dump = f.read().split('\n')
    start = next(k for k, l in enumerate(dump) if l.startswith('ITEM: ATOMS')) + 1
    return pe, press, [l.split() for l in dump[start:start + count]]


def write_reference_xyz(path, length, pe, press, rows, comment, symbol):
    """The extxyz frame of a `run0` with the default columns in a cubic cell of edge `length` (A): species (`symbol` of
    the LAMMPS type), positions, forces and per-atom energies, with the energy and pressure tensor in the header."""
    L = length
    with open(path, 'w') as f:
        f.write(f'{len(rows)}\n')
        f.write(f'Lattice="{L!r} 0 0 0 {L!r} 0 0 0 {L!r}" Properties=species:S:1:pos:R:3:forces:R:3:energies:R:1 '
                f'energy={pe} lammps_press_tensor="{" ".join(press)}" units=metal press_units=bar '
                f'comment="LAMMPS 29Sep2021 run 0, {comment}" pbc="T T T"\n')
        for r in rows:
            f.write(f'{symbol(r[1])} {r[2]} {r[3]} {r[4]} {r[5]} {r[6]} {r[7]} {r[8]}\n')


def pair_coeffs(path, width, types):
    """`pair_coeff a b p1 … p_width` lines from a file of `element element p1 …` rows ('#' comments), with the LAMMPS
    type of each element from `types` (the lower type first)."""
    out = []
    for line in open(path):
        t = line.split('#')[0].split()
        if not t:
            continue
        a, b = sorted((types[t[0]], types[t[1]]))
        out.append(f'pair_coeff {a} {b} ' + ' '.join(t[2:2 + width]))
    return '\n'.join(out)
