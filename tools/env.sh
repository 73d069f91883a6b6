# shellcheck shell=bash
# Environment the tests and the app need; sourced by tools/setup.sh and tools/dev.sh.
# - VK_ICD_FILENAMES: SwiftShader's Vulkan driver from Debian's chromium package, so the npm
#   package `webgpu` (Dawn) finds a real WebGPU adapter on machines without a GPU.
# - XDG_RUNTIME_DIR: Dawn and Chromium complain without one.
#   Not set on a machine with a real GPU (an NVIDIA device node or a DRM render node), where it would
#   hide that GPU from Dawn.
has_real_gpu() { [ -e /dev/nvidia0 ] || ls /dev/dri/renderD* >/dev/null 2>&1; }
if [ -z "${VK_ICD_FILENAMES:-}" ] && [ -f /usr/lib/chromium/vk_swiftshader_icd.json ] && ! has_real_gpu; then
  export VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json
fi
if [ -z "${XDG_RUNTIME_DIR:-}" ] || [ ! -d "${XDG_RUNTIME_DIR}" ]; then
  export XDG_RUNTIME_DIR="/tmp/equitensor-xdg-$(id -u)"
  mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
fi
