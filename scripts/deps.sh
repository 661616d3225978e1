#!/bin/sh
# Install the Debian packages tdesk needs to build and test, or print the
# exact command when this user cannot install them. Checks everything first
# and reports all missing packages at once.
set -u

# package: what needs it
PKGS="make gcc pkg-config libncurses-dev libcurl4-openssl-dev libjansson-dev
libsqlite3-dev libnotify-dev python3 tmux clang libclang-rt-14-dev"

if ! command -v dpkg-query >/dev/null 2>&1; then
	echo "deps: not a Debian system; install by hand: ncursesw, libcurl, jansson," \
	    "sqlite3 (with FTS5), libnotify (optional), python3, tmux" >&2
	exit 0
fi

missing=""
for p in $PKGS; do
	st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)
	[ "$st" = "installed" ] || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "deps: missing Debian packages:$missing" >&2
if [ "$(id -u)" = 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	SUDO="sudo -n"
else
	echo "deps: run as root:  apt-get update && apt-get install -y$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q >/dev/null || { echo "deps: apt-get update failed" >&2; exit 1; }
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing >/dev/null ||
	{ echo "deps: apt-get install -y$missing failed" >&2; exit 1; }
echo "deps: installed$missing" >&2
