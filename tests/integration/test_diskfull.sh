# A full disk made every command fail, outbox list included, with "PRAGMA
# foreign_keys ...: disk I/O error". Now every command that only reads the
# cache works on a full disk and prints what it prints on an empty one,
# whether a writer has the cache open, one died with changes in its -wal,
# or nobody has it open (with or without an inode to spare); a write fails
# with "disk is full" naming the cache file, with the exit status tdesk(1)
# gives, loses no queued write and leaves nothing half-written; once there
# is space again everything works and PRAGMA integrity_check says ok.
#
# The full disk is tests/tools/fulldisk_shim.so (LD_PRELOAD), which needs no
# privilege. Where the suite may make a mount namespace (root, unshare -m),
# the same is done again on a real tmpfs filled to its last byte.
SUITE=integration/diskfull
. tests/lib.sh
: "${BUILD:=$(pwd)/build}"
SHIM=$BUILD/tools/fulldisk_shim.so
ENQ=$BUILD/tools/enqueue
if [ ! -f "$SHIM" ] || [ ! -x "$ENQ" ]; then
	not_ok "the full-disk shim and enqueue are built" "run make units"
	done_testing
fi
backend_start --scenario demo || { not_ok "the test backend starts"; done_testing; }
write_config demo
dir="$XDG_DATA_HOME/tdesk"
db="$dir/demo.db"

# full CMD...: CMD on a disk where the cache's directory is full.
full() {
	LD_PRELOAD=$SHIM FULLDISK_DIR=$dir "$@"
}

# integrity: PRAGMA integrity_check of the cache says ok.
integrity() {
	python3 - "$db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
r = c.execute("PRAGMA integrity_check").fetchall()
c.close()
sys.exit(0 if r == [("ok",)] else 1)
PY
}

# The commands that only read, each with a name for its output files.
READS='status|status
tickets|tickets list --plain
tickets-json|tickets list --json
tickets-view|tickets list --plain --filter status:open
ticket|ticket show 131
ticket-json|ticket show 131 --json
payments|payments list --plain
payment|payment show fp_1001
incidents|incidents list --plain
incident|incident show p8rtnr0ut4ge
outbox|outbox list --plain
outbox-json|outbox list --json'

# reads_as TAG [ENV=VALUE...]: run every read command (through full when
# TAG is not "normal"), outputs in $TMP/TAG.NAME.{out,err,rc}.
reads_as() {
	tag=$1; shift
	printf '%s\n' "$READS" | while IFS='|' read -r name cmd; do
		# shellcheck disable=SC2086
		if [ "$tag" = normal ]; then
			"$TDESK" $cmd >"$TMP/$tag.$name.out" 2>"$TMP/$tag.$name.err"
		else
			env "$@" LD_PRELOAD="$SHIM" FULLDISK_DIR="$dir" "$TDESK" $cmd \
			    >"$TMP/$tag.$name.out" 2>"$TMP/$tag.$name.err"
		fi
		echo $? >"$TMP/$tag.$name.rc"
	done
}

# same_reads DESCRIPTION TAG: every read command succeeded under TAG and
# printed exactly what it printed on a normal disk.
same_reads() {
	d=$1 tag=$2 bad=""
	for name in $(printf '%s\n' "$READS" | cut -d'|' -f1); do
		if [ "$(cat "$TMP/$tag.$name.rc")" != 0 ]; then
			bad="$bad $name(exit $(cat "$TMP/$tag.$name.rc"): $(head -c 300 "$TMP/$tag.$name.err"))"
		elif ! cmp -s "$TMP/normal.$name.out" "$TMP/$tag.$name.out" ||
		    ! cmp -s "$TMP/normal.$name.err" "$TMP/$tag.$name.err"; then
			bad="$bad $name(differs: $(diff "$TMP/normal.$name.out" "$TMP/$tag.$name.out" | head -n 6))"
		fi
	done
	if [ -z "$bad" ]; then ok "$d"; else not_ok "$d" "$bad"; fi
}

# --- a cache with something in every table, and an outbox --------------------

"$TDESK" sync --once >"$TMP/sync.log" 2>&1 ||
    not_ok "the first sync fills the cache" "$(cat "$TMP/sync.log")"
# A reply the backend refuses (failed), then two writes left queued.
"$ENQ" "$db" comment 131 public "Refused by the backend" >"$TMP/failed.id"
backend_ctl POST /_control/faults '[{"match":{"backend":"zendesk","method":"PUT",
 "path":"^/api/v2/tickets/131"},"kind":"status","status":422,"count":0,
 "body":{"error":"RecordInvalid","description":"Record validation errors"}}]' >/dev/null
"$TDESK" sync --once >"$TMP/sync2.log" 2>&1
backend_ctl POST /_control/faults '[]' >/dev/null
FAILED=$(cat "$TMP/failed.id")
"$ENQ" "$db" comment 131 internal "Queued before the disk filled" >"$TMP/queued.id"
QUEUED=$(cat "$TMP/queued.id")
"$ENQ" "$db" component b1llgrp0acme degraded_performance >/dev/null
check "nobody has the cache open: no -wal or -shm beside it" \
    test ! -e "$db-wal" -a ! -e "$db-shm"
"$TDESK" outbox list --plain >"$TMP/outbox.before"
if grep -q "^$FAILED	failed	" "$TMP/outbox.before" &&
    grep -q "^$QUEUED	queued	" "$TMP/outbox.before" &&
    [ "$(wc -l <"$TMP/outbox.before")" -eq 3 ]; then
	ok "the outbox holds a failed write and two queued ones"
else not_ok "the outbox holds a failed write and two queued ones" \
    "$(cat "$TMP/outbox.before" "$TMP/sync2.log")"; fi
sum=$(cksum <"$db")

# --- nobody has the cache open ----------------------------------------------

reads_as normal
rm -f "$db-wal" "$db-shm"	# left by the read-only opens: nobody has it open
reads_as noinode FULLDISK_INODES=0
same_reads "a full disk with no inode left: every read command prints what it does on a normal disk" noinode
check "... and nothing was created beside the cache" test ! -e "$db-wal" -a ! -e "$db-shm"
reads_as noshm
same_reads "a full disk, no -shm yet: every read command prints what it does on a normal disk" noshm
reads_as withshm
same_reads "a full disk with the -shm a reader left: every read command still works" withshm
check "... and the cache file is byte for byte what it was" [ "$(cksum <"$db")" = "$sum" ]

expect_rc "outbox list on a full disk exits 0" 0 full "$TDESK" outbox list
check "... and says nothing on stderr (no PRAGMA, no disk I/O error)" test ! -s "$TMP/err"

# --- writes on a full disk ----------------------------------------------------

expect_err "outbox retry on a full disk fails with exit 4: disk is full" 4 "disk is full" \
    full "$TDESK" outbox retry "$FAILED"
check "... naming the cache file" grep -qF "cache $db:" "$TMP/err"
expect_err "outbox drop on a full disk fails with exit 4: disk is full" 4 "disk is full" \
    full "$TDESK" outbox drop "$QUEUED"
check "... naming the cache file" grep -qF "cache $db:" "$TMP/err"
expect_err "a queued write (enqueue) on a full disk fails: disk is full" 1 "disk is full" \
    full "$ENQ" "$db" comment 131 public "Never queued"
check "... naming the cache file" grep -qF "cache $db:" "$TMP/err"
expect_err "a quota used up is a full disk too, and says so" 4 "disk quota is used up" \
    env FULLDISK_ERRNO=EDQUOT LD_PRELOAD="$SHIM" FULLDISK_DIR="$dir" "$TDESK" outbox retry "$FAILED"
expect_err "sync on a full disk fails with exit 4: disk is full" 4 "disk is full" \
    full "$TDESK" sync --once
"$TDESK" outbox list --plain >"$TMP/outbox.after"
check "no queued write was lost or changed by the failed writes" cmp -s "$TMP/outbox.before" "$TMP/outbox.after"
check "... and the cache passes integrity_check" integrity

# The disk fills in the middle of a write: the write is whole or absent.
bad=""
for after in 0 1 100 4000 4200 9000 20000 60000; do
	n0=$(grep -c . "$TMP/outbox.after")
	run env FULLDISK_AFTER=$after LD_PRELOAD="$SHIM" FULLDISK_DIR="$dir" \
	    "$ENQ" "$db" comment 131 internal "filling $after"
	"$TDESK" outbox list --plain >"$TMP/outbox.after"
	n1=$(grep -c . "$TMP/outbox.after")
	if [ "$RC" -eq 0 ]; then
		[ "$n1" -eq $((n0 + 1)) ] && grep -q "filling $after" "$TMP/outbox.after" ||
		    bad="$bad after=$after(queued but not listed)"
	elif ! grep -q "disk is full" "$TMP/err"; then
		bad="$bad after=$after(failed without saying disk is full: $(cat "$TMP/err"))"
	elif [ "$n1" -ne "$n0" ]; then
		bad="$bad after=$after(failed, yet the outbox changed)"
	fi
	integrity || bad="$bad after=$after(integrity_check)"
done
if [ -z "$bad" ]; then ok "a disk that fills in the middle of a write leaves it whole or absent, never half-written"
else not_ok "a disk that fills in the middle of a write leaves it whole or absent, never half-written" "$bad"; fi
"$TDESK" outbox list --plain >"$TMP/outbox.before"
reads_as normal	# what the reads print now, with those writes queued

# --- a writer has the cache open, its last change only in the -wal ----------

rm -f "$TMP/holding"
python3 - "$db" "$TMP/holding" <<'PY' &
import os, sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("PRAGMA wal_autocheckpoint = 0")
c.execute("UPDATE tickets SET subject = 'Changed while the disk filled' WHERE id = 131")
open(sys.argv[2], "w").close()
while os.path.exists(sys.argv[2]):
    time.sleep(0.05)
PY
HOLDER=$!
i=0
while [ ! -e "$TMP/holding" ] && [ "$i" -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
check "a writer holds the cache open with a change in its -wal" [ -s "$db-wal" ]
reads_as normal
check "... which a reader on a normal disk sees" grep -q "Changed while the disk filled" "$TMP/normal.ticket.out"
reads_as live
same_reads "a full disk while a writer has the cache open: every read command prints what it does on a normal disk" live
expect_err "a write while a writer has the cache open fails: disk is full" 1 "disk is full" \
    full "$ENQ" "$db" comment 131 public "Never queued either"
check "... naming the cache file" grep -qF "cache $db:" "$TMP/err"
expect_err "outbox retry while a writer has the cache open fails: disk is full (exit 1, the change failed)" 1 \
    "disk is full" full "$TDESK" outbox retry "$FAILED"

# The writer dies (kill -9): its change is in the -wal, nobody has the cache open.
kill -9 "$HOLDER" 2>/dev/null
wait "$HOLDER" 2>/dev/null
check "a writer killed with its change in the -wal leaves the -wal behind" [ -s "$db-wal" ]
reads_as crashed
same_reads "a full disk after a writer died: every read command prints what it did, the -wal's change included" crashed
check "... the change the writer committed is shown" grep -q "Changed while the disk filled" "$TMP/crashed.ticket.out"

# A cache that needs a schema patch cannot be patched read-only.
setver() {
	python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute("PRAGMA user_version = %d" % int(sys.argv[2])); c.commit()' "$db" "$1"
}
cur=$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("PRAGMA user_version").fetchone()[0])' "$db")
setver $((cur - 1))
expect_err "a cache that needs a schema patch, on a full disk: exit 4, saying it cannot be upgraded" 4 \
    "has schema $((cur - 1)), older than this tdesk's $cur: it must be upgraded, which a read-only open cannot do" \
    full "$TDESK" tickets list
check "... and why the upgrade failed: disk is full" grep -qF "cache $db: disk is full" "$TMP/err"
setver "$cur"

# --- space again --------------------------------------------------------------

expect_out "with space again a read command works" "Changed while the disk filled" "$TDESK" ticket show 131
expect_out "with space again outbox retry works" "queued again" "$TDESK" outbox retry "$FAILED"
expect_out "with space again outbox drop works" "dropped" "$TDESK" outbox drop "$QUEUED"
expect_out "with space again a write can be queued" "" "$ENQ" "$db" comment 131 internal "After the disk was freed"
check "the cache passes integrity_check" integrity
"$TDESK" outbox list --plain >"$TMP/outbox.end"
check "the write queued before the disk filled is still there, queued again" grep -q "^$FAILED	queued	" "$TMP/outbox.end"

# --- the same on a real tmpfs, where a mount namespace may be made -----------

tmpfs_ok() {
	mkdir -p "$TMP/probe" &&
	unshare -m sh -c 'mount -t tmpfs -o size=64k tmpfs "$1" && touch "$1/x"' sh "$TMP/probe" 2>/dev/null
}
if ! command -v unshare >/dev/null 2>&1 || ! tmpfs_ok; then
	ok "a real full tmpfs # SKIP no mount namespace here (not root, or unshare refused); the shim proved it above"
	done_testing
fi
# Inside a private mount namespace: a tmpfs just large enough for the
# cache, filled to its last byte with a filler file. Each command's output
# goes to $TMP, which is not on the tmpfs.
cp "$db" "$TMP/copy.db"
unshare -m sh -s "$TMP" "$TDESK" "$ENQ" "$(($(stat -c %s "$db") / 1024 + 256))" "$FAILED" <<'SH' >"$TMP/tmpfs.log" 2>&1
T=$1 TDESK=$2 ENQ=$3 KB=$4 FAILED=$5
mkdir -p "$T/mnt"
mount -t tmpfs -o "size=${KB}k,mode=0700" tmpfs "$T/mnt" || exit 10
mkdir -m 0700 "$T/mnt/tdesk"
cp "$T/copy.db" "$T/mnt/tdesk/demo.db" && chmod 600 "$T/mnt/tdesk/demo.db"
export XDG_DATA_HOME="$T/mnt"
"$TDESK" outbox list --plain >"$T/tmpfs.normal.outbox" 2>&1
"$TDESK" ticket show 131 >"$T/tmpfs.normal.ticket" 2>&1
rm -f "$T/mnt/tdesk/demo.db-wal" "$T/mnt/tdesk/demo.db-shm"
dd if=/dev/zero of="$T/mnt/filler" bs=4k 2>/dev/null
df -k "$T/mnt" | tail -n 1 | awk '{ print $4 }' >"$T/tmpfs.avail"
"$TDESK" outbox list --plain >"$T/tmpfs.full.outbox" 2>"$T/tmpfs.full.outbox.err"; echo $? >"$T/tmpfs.full.outbox.rc"
"$TDESK" ticket show 131 >"$T/tmpfs.full.ticket" 2>&1; echo $? >"$T/tmpfs.full.ticket.rc"
"$TDESK" outbox retry "$FAILED" >"$T/tmpfs.retry.out" 2>"$T/tmpfs.retry.err"; echo $? >"$T/tmpfs.retry.rc"
"$ENQ" "$T/mnt/tdesk/demo.db" comment 131 public "On a full tmpfs" >"$T/tmpfs.enq.out" 2>"$T/tmpfs.enq.err"; echo $? >"$T/tmpfs.enq.rc"
rm -f "$T/mnt/filler"
"$ENQ" "$T/mnt/tdesk/demo.db" comment 131 public "On a tmpfs with room" >"$T/tmpfs.enq2.out" 2>&1; echo $? >"$T/tmpfs.enq2.rc"
python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("PRAGMA integrity_check").fetchone()[0])' \
    "$T/mnt/tdesk/demo.db" >"$T/tmpfs.integrity" 2>&1
"$TDESK" outbox list --plain >"$T/tmpfs.rw.outbox" 2>&1
rm -f "$T/mnt/tdesk/demo.db-wal" "$T/mnt/tdesk/demo.db-shm"
mount -o remount,ro "$T/mnt" || exit 11
"$TDESK" outbox list --plain >"$T/tmpfs.ro.outbox" 2>"$T/tmpfs.ro.err"; echo $? >"$T/tmpfs.ro.rc"
"$TDESK" outbox drop "$FAILED" >/dev/null 2>"$T/tmpfs.rodrop.err"; echo $? >"$T/tmpfs.rodrop.rc"
SH
if [ "$(cat "$TMP/tmpfs.avail" 2>/dev/null)" = 0 ]; then ok "a tmpfs in a mount namespace is filled to its last block"
else not_ok "a tmpfs in a mount namespace is filled to its last block" "$(cat "$TMP/tmpfs.log")"; fi
# same_ok FILE STATUS FILE1 FILE2: FILE holds STATUS, FILE1 and FILE2 are the same.
same_ok() {
	[ "$(cat "$1" 2>/dev/null)" = "$2" ] && cmp -s "$3" "$4"
}
# failed_with FILE STATUS ERRFILE TEXT: FILE holds STATUS and ERRFILE TEXT.
failed_with() {
	[ "$(cat "$1" 2>/dev/null)" = "$2" ] && grep -qF -- "$4" "$3"
}
check "on the full tmpfs outbox list works and prints what it did before" \
    same_ok "$TMP/tmpfs.full.outbox.rc" 0 "$TMP/tmpfs.normal.outbox" "$TMP/tmpfs.full.outbox"
check "on the full tmpfs ticket show works and prints what it did before" \
    same_ok "$TMP/tmpfs.full.ticket.rc" 0 "$TMP/tmpfs.normal.ticket" "$TMP/tmpfs.full.ticket"
check "on the full tmpfs outbox retry exits 4 saying disk is full and naming the cache" \
    failed_with "$TMP/tmpfs.retry.rc" 4 "$TMP/tmpfs.retry.err" "cache $TMP/mnt/tdesk/demo.db: disk is full"
check "on the full tmpfs a queued write fails saying disk is full" \
    failed_with "$TMP/tmpfs.enq.rc" 1 "$TMP/tmpfs.enq.err" "disk is full"
check "with the filler gone a write is queued on the tmpfs" [ "$(cat "$TMP/tmpfs.enq2.rc")" = 0 ]
check "... and the cache on the tmpfs passes integrity_check" [ "$(cat "$TMP/tmpfs.integrity")" = ok ]
check "on a read-only file system outbox list works and prints what it did" \
    same_ok "$TMP/tmpfs.ro.rc" 0 "$TMP/tmpfs.rw.outbox" "$TMP/tmpfs.ro.outbox"
check "... and a write fails with exit 4 naming the cache" \
    failed_with "$TMP/tmpfs.rodrop.rc" 4 "$TMP/tmpfs.rodrop.err" "cache $TMP/mnt/tdesk/demo.db"
done_testing
