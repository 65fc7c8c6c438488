#!/usr/bin/env bash
# Installs the Smart Classroom agent (and optionally the fleet service) on a Debian/Ubuntu machine.
# Idempotent: running it again changes nothing that is already right and never overwrites a config.
#
#   sudo scripts/install-agent.sh                 # agent on this mini-PC
#   sudo scripts/install-agent.sh --fleet         # also the fleet service unit
#   scripts/install-agent.sh --root /tmp/r --skip-app   # lay everything under a throwaway root (tests)
set -euo pipefail

ROOT=/
SOURCE=$(cd "$(dirname "$0")/.." && pwd)
WITH_FLEET=0
SKIP_APP=0
SKIP_SYSTEMCTL=0
USER_NAME=smart-classroom

usage() {
  sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
  echo "Options: --root DIR  --source DIR  --fleet  --skip-app  --no-systemctl"
}

while [ $# -gt 0 ]; do
  case "$1" in
    --root) ROOT=${2:?--root needs a directory}; shift 2 ;;
    --source) SOURCE=${2:?--source needs a directory}; shift 2 ;;
    --fleet) WITH_FLEET=1; shift ;;
    --skip-app) SKIP_APP=1; shift ;;
    --no-systemctl) SKIP_SYSTEMCTL=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "install: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done

ROOT=${ROOT%/}
[ -n "$ROOT" ] || ROOT=""
say() { printf 'install: %s\n' "$*"; }
changed=0
note_change() { changed=$((changed + 1)); say "$*"; }

# --- Node.js -----------------------------------------------------------------------------------
major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$major" -lt 20 ]; then
  echo "install: Node.js 20 or newer is required (found $(node --version 2>/dev/null || echo none))." >&2
  echo "install: on Debian 12: apt-get install -y nodejs (from NodeSource for version 20) and run this again." >&2
  exit 1
fi

if [ -z "$ROOT" ] && [ "$(id -u)" -ne 0 ]; then
  echo "install: run as root (sudo), or pass --root DIR to lay the files under DIR." >&2
  exit 1
fi

# --- user and groups ---------------------------------------------------------------------------
prefix=()
if [ -n "$ROOT" ]; then
  prefix=(--prefix "$ROOT")
  mkdir -p "$ROOT/etc"
  # A throwaway root starts with empty account databases.
  [ -f "$ROOT/etc/passwd" ] || printf 'root:x:0:0:root:/root:/bin/sh\n' > "$ROOT/etc/passwd"
  [ -f "$ROOT/etc/group" ] || printf 'root:x:0:\n' > "$ROOT/etc/group"
  [ -f "$ROOT/etc/shadow" ] || printf 'root:*::0:99999:7:::\n' > "$ROOT/etc/shadow"
  [ -f "$ROOT/etc/gshadow" ] || printf 'root:*::\n' > "$ROOT/etc/gshadow"
fi
has_group() { grep -q "^$1:" "$ROOT/etc/group"; }
for g in dialout plugdev; do
  if ! has_group "$g"; then
    groupadd "${prefix[@]}" --system "$g"
    note_change "created group $g"
  fi
done
if ! grep -q "^$USER_NAME:" "$ROOT/etc/passwd"; then
  useradd "${prefix[@]}" --system --user-group --home-dir /var/lib/smart-classroom --no-create-home \
    --shell /usr/sbin/nologin --comment "Smart Classroom agent" "$USER_NAME"
  note_change "created system user $USER_NAME"
fi
for g in dialout plugdev; do
  if ! grep -qE "^$g:[^:]*:[^:]*:(.*,)?$USER_NAME(,.*)?$" "$ROOT/etc/group"; then
    usermod "${prefix[@]}" -aG "$g" "$USER_NAME"
    note_change "added $USER_NAME to group $g"
  fi
done
uid=$(awk -F: -v u="$USER_NAME" '$1==u {print $3}' "$ROOT/etc/passwd")
gid=$(awk -F: -v u="$USER_NAME" '$1==u {print $4}' "$ROOT/etc/passwd")

# --- files -------------------------------------------------------------------------------------
# install_file SRC DEST MODE [OWNER]: copies only when different, so a second run changes nothing.
install_file() {
  local src=$1 dest="$ROOT$2" mode=$3 owner=${4:-0:0}
  mkdir -p "$(dirname "$dest")"
  if [ -f "$dest" ] && cmp -s "$src" "$dest"; then return 0; fi
  install -m "$mode" "$src" "$dest"
  chown "$owner" "$dest" 2>/dev/null || true
  note_change "wrote $2"
}
ensure_dir() {
  local dir="$ROOT$1" mode=$2 owner=$3
  if [ ! -d "$dir" ]; then
    mkdir -p "$dir"
    note_change "created $1"
  fi
  chmod "$mode" "$dir"
  chown "$owner" "$dir" 2>/dev/null || true
}

ensure_dir /etc/smart-classroom 0750 "0:$gid"
ensure_dir /var/lib/smart-classroom 0750 "$uid:$gid"
ensure_dir /var/log/smart-classroom 0750 "$uid:$gid"

# The config is the site's: written once from the example, never overwritten.
if [ ! -f "$ROOT/etc/smart-classroom/room.yaml" ]; then
  install -m 0640 "$SOURCE/config/room.example.yaml" "$ROOT/etc/smart-classroom/room.yaml"
  chown "0:$gid" "$ROOT/etc/smart-classroom/room.yaml" 2>/dev/null || true
  note_change "wrote /etc/smart-classroom/room.yaml from the example: edit it, then run classroom config check"
fi
if [ ! -f "$ROOT/etc/smart-classroom/agent.env" ]; then
  printf '# Secrets for ${env:NAME} references in room.yaml, e.g.\n# SC_MQTT_PASSWORD=...\n' > "$ROOT/etc/smart-classroom/agent.env"
  chmod 0600 "$ROOT/etc/smart-classroom/agent.env"
  note_change "wrote /etc/smart-classroom/agent.env (mode 600) for secrets"
fi

install_file "$SOURCE/scripts/systemd/smart-classroom-agent.service" /etc/systemd/system/smart-classroom-agent.service 0644
if [ "$WITH_FLEET" -eq 1 ]; then
  ensure_dir /var/lib/smart-classroom-fleet 0750 "$uid:$gid"
  install_file "$SOURCE/scripts/systemd/smart-classroom-fleet.service" /etc/systemd/system/smart-classroom-fleet.service 0644
  if [ ! -f "$ROOT/etc/smart-classroom/fleet.yaml" ]; then
    install -m 0640 "$SOURCE/config/fleet.example.yaml" "$ROOT/etc/smart-classroom/fleet.yaml"
    chown "0:$gid" "$ROOT/etc/smart-classroom/fleet.yaml" 2>/dev/null || true
    note_change "wrote /etc/smart-classroom/fleet.yaml from the example"
  fi
fi
if [ -f "$SOURCE/scripts/udev/50-smart-classroom.rules" ]; then
  install_file "$SOURCE/scripts/udev/50-smart-classroom.rules" /etc/udev/rules.d/50-smart-classroom.rules 0644
fi
install_file "$SOURCE/scripts/kiosk/smart-classroom-wallpanel.desktop" /etc/xdg/autostart/smart-classroom-wallpanel.desktop 0644

# --- application -------------------------------------------------------------------------------
if [ "$SKIP_APP" -eq 0 ]; then
  if [ ! -f "$SOURCE/dist/src/cli/main.js" ]; then
    echo "install: $SOURCE has no build; run npm ci && npm run build there first." >&2
    exit 1
  fi
  dest="$ROOT/opt/smart-classroom"
  mkdir -p "$dest"
  for item in dist config devices docs scripts package.json package-lock.json node_modules; do
    [ -e "$SOURCE/$item" ] || continue
    if [ -e "$dest/$item" ] && diff -rq "$SOURCE/$item" "$dest/$item" >/dev/null 2>&1; then continue; fi
    rm -rf "${dest:?}/$item"
    cp -a "$SOURCE/$item" "$dest/$item"
    note_change "installed /opt/smart-classroom/$item"
  done
  if [ ! -e "$ROOT/usr/local/bin/classroom" ]; then
    mkdir -p "$ROOT/usr/local/bin"
    ln -s /opt/smart-classroom/dist/src/cli/main.js "$ROOT/usr/local/bin/classroom"
    note_change "linked /usr/local/bin/classroom"
  fi
fi

# --- activate ----------------------------------------------------------------------------------
if [ -z "$ROOT" ] && [ "$SKIP_SYSTEMCTL" -eq 0 ] && command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  systemctl daemon-reload
  systemctl enable smart-classroom-agent.service >/dev/null
  [ "$WITH_FLEET" -eq 0 ] || systemctl enable smart-classroom-fleet.service >/dev/null
  command -v udevadm >/dev/null 2>&1 && udevadm control --reload && udevadm trigger || true
  say "enabled the services; start with: systemctl start smart-classroom-agent"
fi

if [ "$changed" -eq 0 ]; then say "nothing to change: already installed"; else say "done ($changed change(s))"; fi
