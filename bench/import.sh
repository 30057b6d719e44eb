#!/usr/bin/env bash
# Member import benchmark: N members (default 100,000) from one CSV into a fresh SQLite database
# with the demo's cells, timed end to end (`dangvu import members`, one process), then the export.
# Usage: bench/import.sh [path/to/dangvu] [N]. Target from issue 3: 100,000 members under 5 s.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$(realpath "${1:-build/release/dangvu}")
N=${2:-100000}
work=$(mktemp -d /tmp/dangvu-bench-import.XXXXXX)
trap 'rm -rf "$work"' EXIT

"$BIN" --data "$work/data" seed-demo >/dev/null
python3 - "$N" >"$work/members.csv" <<'PY'
import sys
n = int(sys.argv[1])
family = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ"]
middle = ["Văn", "Thị", "Hữu", "Minh", "Thanh", "Quốc", "Ngọc", "Đức"]
given = ["An", "Bình", "Cường", "Dũng", "Đức", "Hà", "Hoa", "Lan", "Mai", "Nam", "Sơn", "Tâm", "Thảo", "Yến"]
cells = ["SOTC-NS", "SOTC-VP", "SOGD-TH", "SOGD-VP", "SOYT-NV", "VPDB"]
out = sys.stdout
out.write("\ufeffHọ và tên,Giới tính,Ngày sinh,Dân tộc,Quê quán,Ngày vào Đảng,Ngày chính thức,Số thẻ đảng viên,"
          "Chức vụ,Chức vụ chính quyền,Mã chi bộ\r\n")
for i in range(n):
    year = 1990 + i % 30
    official = "" if i % 4 == 3 else f"{1 + i % 27:02}/{1 + (i + 5) % 12:02}/{year + 1}"
    out.write(f"{family[i % 12]} {middle[i * 3 % 8]} {given[i * 5 % 14]},{'Nữ' if i % 2 else 'Nam'},"
              f"{1 + i % 28:02}/{1 + i % 12:02}/{1955 + i % 30},Kinh,Quảng Bình,"
              f"{1 + i % 27:02}/{1 + (i + 5) % 12:02}/{year},{official},{100000000 + i},"
              f"{'Bí thư chi bộ' if i % 10 == 0 else ''},Chuyên viên,{cells[i % 6]}\r\n")
PY

sync  # the seed's and the CSV's dirty pages are written back before timing, not during it
start=$(date +%s.%N)
"$BIN" --data "$work/data" import members "$work/members.csv" 2>/dev/null
end=$(date +%s.%N)
import_s=$(echo "$end - $start" | bc)
start=$(date +%s.%N)
"$BIN" --data "$work/data" export members -o "$work/export.csv" >/dev/null
end=$(date +%s.%N)
export_s=$(echo "$end - $start" | bc)
printf 'import of %d members: %.2f s (%.0f rows/s); export: %.2f s\n' "$N" "$import_s" \
  "$(echo "$N / $import_s" | bc -l)" "$export_s"
