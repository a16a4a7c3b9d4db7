#!/usr/bin/env bash
# Installs the Debian packages the platform needs when they are missing (fresh machine).
#   scripts/bootstrap.sh            python venv, Node.js/npm, Pango and CJK fonts for PDF output
#   scripts/bootstrap.sh --browser  also Chromium and poppler (PDF to image) for the tests
set -euo pipefail

need=()
python3 -m venv --help >/dev/null 2>&1 && python3 -c "import ensurepip" 2>/dev/null || need+=(python3-venv)
command -v npm >/dev/null 2>&1 || need+=(nodejs npm)
# Bulletins are rendered to PDF by WeasyPrint (Pango) in Chinese fonts.
ldconfig -p 2>/dev/null | grep -q "libpangoft2-1.0" || need+=(libpango-1.0-0 libpangoft2-1.0-0)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=(fonts-noto-cjk)
if [[ "${1:-}" == "--browser" ]]; then
  [[ -x /usr/bin/chromium ]] || need+=(chromium)
  command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
fi
[[ ${#need[@]} -eq 0 ]] && exit 0

echo "需要安装系统软件包：${need[*]}"
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "请以 root 身份运行：apt-get install -y ${need[*]}" >&2; exit 1
  fi
else
  SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
