#!/usr/bin/env bash
# Makes sure the native tools nbbackup drives (and its tests start) are on this machine.
# As root on Debian/Ubuntu it installs what is missing; otherwise it says exactly what to install.
set -euo pipefail

need=()
have() { command -v "$1" >/dev/null 2>&1; }
pg_server() { ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; }

pg_server || need+=(postgresql)
have pg_dump && have pg_restore || need+=(postgresql-client)
{ have mariadbd || [ -x /usr/sbin/mariadbd ]; } && have mariadb-install-db || need+=(mariadb-server)
have mariadb-dump && have mariadb || need+=(mariadb-client)
have sqlite3 || need+=(sqlite3)
have zstd || need+=(zstd)
have tmux || need+=(tmux)
# The stock age CLI: tests prove encrypted sets open without nbbackup (and operators may use it too).
have age && have age-keygen || need+=(age)
# Copies and migration over SSH go through the system's OpenSSH client; tests start their own sshd.
have ssh && have ssh-keygen || need+=(openssh-client)
[ -x /usr/sbin/sshd ] || need+=(openssh-server)

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" = 0 ] && have apt-get; then
  echo "nbbackup setup: installing ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  # policy-rc.d keeps the packages from starting services we do not use: tests run their own servers.
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
  trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
else
  echo "nbbackup setup: missing ${need[*]}" >&2
  echo "  install them with: sudo apt-get install ${need[*]}" >&2
  exit 1
fi
