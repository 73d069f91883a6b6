#!/usr/bin/env bash
# One prepared command for a Linux machine with a real GPU (Node 20, pnpm dependencies installed,
# the Vulkan loader libvulkan1 and the GPU vendor's Vulkan driver): runs `equitensor bench gpu` for
# each kernel at data-centre sizes (about 2–4 minutes in all, most of it the CPU side of each
# comparison) and prints a Markdown table to paste into docs/BENCHMARKS.md, plus the raw JSON lines.
#
#   bash tools/gpu-bench.sh            # all kernels
#   QUICK=1 bash tools/gpu-bench.sh    # smaller sizes (smoke test, seconds)
#   LJ=… EAM=… SH=… TP=… RS=… IONS=… PME=…   # override one size
#   ALLOW_SOFTWARE=1                   # keep a SwiftShader VK_ICD_FILENAMES (checks the script only)
#
# Never source tools/env.sh here: it points Dawn at SwiftShader, whose figures mean nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${VK_ICD_FILENAMES:-}" == *swiftshader* && -z "${ALLOW_SOFTWARE:-}" ]]; then
  echo "gpu-bench: unsetting VK_ICD_FILENAMES=$VK_ICD_FILENAMES (SwiftShader) to reach the real GPU" >&2
  unset VK_ICD_FILENAMES
fi
if [ -z "${XDG_RUNTIME_DIR:-}" ] || [ ! -d "${XDG_RUNTIME_DIR}" ]; then
  export XDG_RUNTIME_DIR="/tmp/equitensor-xdg-$(id -u)"
  mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
fi
command -v node >/dev/null || { echo "gpu-bench: node is not installed" >&2; exit 1; }
[ -d node_modules ] || { echo "gpu-bench: run pnpm install first" >&2; exit 1; }
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader >&2 || true

if [ -n "${QUICK:-}" ]; then
  LJ=${LJ:-32000} EAM=${EAM:-32000} SH=${SH:-100000} TP=${TP:-1000} RS=${RS:-10000} IONS=${IONS:-216} PME=${PME:-512}
else
  LJ=${LJ:-1000000} EAM=${EAM:-256000} SH=${SH:-1000000} TP=${TP:-10000} RS=${RS:-100000} IONS=${IONS:-1728} PME=${PME:-4096}
fi

RUNS=(
  "--kernel lj --size $LJ --steps 100"
  "--kernel eam --size $EAM --steps 100"
  "--kernel pme --size $PME --steps 100"
  "--kernel sh --size $SH --lmax 6"
  "--kernel tp --kind cg --setting uvu --lmax 3 --mul 8 --size $TP"
  "--kernel tp --kind cg --setting uvu --lmax 3 --mul 8 --size $TP --per-sample-weights"
  "--kernel tp --kind cg --setting fctp --lmax 3 --mul 8 --size $TP"
  "--kernel tp --kind grid --lmax 6 --size $TP"
  "--kernel rs --size $RS --charges $IONS"
)

out="$(mktemp)"
trap 'rm -f "$out"' EXIT
for args in "${RUNS[@]}"; do
  echo "gpu-bench: equitensor bench gpu $args" >&2
  # shellcheck disable=SC2086
  timeout 240 node --import tsx apps/sim/src/cli/main.ts bench gpu $args --repeats 3 --cpu-seconds 3 --json >>"$out" ||
    echo "gpu-bench: FAILED: $args" >&2
done

node -e '
const rows = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l));
if (rows.length === 0) { console.error("gpu-bench: no results"); process.exit(1); }
const a = rows[0].adapter;
console.log(`GPU benchmarks, ${rows[0].date.slice(0, 10)}: ${a.vendor} ${a.device} ${a.description} (${a.architecture})${a.isSoftware ? " — SOFTWARE ADAPTER, figures mean nothing" : ""}`);
console.log("");
console.log("| kernel | setting | size | GPU | CPU (1 thread, float64) | GPU/CPU |");
console.log("|---|---|---|---|---|---|");
for (const r of rows) {
  const setting = r.kernel === "tp" ? `${r.kind} ${r.setting} L=${r.lmax}${r.mul ? " mul=" + r.mul : ""}${r.weights === "per-sample" ? " per-sample weights" : ""}`
    : r.kernel === "sh" ? `lmax ${r.lmax}`
    : r.kernel === "rs" ? `${r.charges} ions, ranks ${r.ranks}`
    : r.kernel === "pme" ? `${r.atoms} ions, Born + PME 1e-5, mesh ${r.mesh}, p = ${r.order}, ${r.steps} steps`
    : `${r.atoms} atoms, ${r.steps} steps`;
  const f = (m) => `${m.throughput.toExponential(3)} ${m.unit}`;
  console.log(`| ${r.kernel} | ${setting} | ${r.size} | ${f(r.gpu)} | ${f(r.cpu)} | ${r.ratio.toPrecision(3)}× |`);
}
console.log("");
console.log("Raw JSON:");
for (const r of rows) console.log(JSON.stringify(r));
' "$out"
