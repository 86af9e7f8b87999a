# shellcheck shell=bash
# A fresh minimal Debian 12 (bookworm) root for tests/fresh/run and tests/package/run: made once with
# debootstrap from the Debian mirror this machine's apt already uses, kept as a tarball outside the source tree
# and unpacked anew for every run, so each run starts from the same untouched system.
#
#   . tests/fresh/lib.sh
#   fresh_root_new DIR        unpack a fresh root into DIR (making the cached tarball first if needed)
#   fresh_mount DIR           bind DIR onto itself (a mount point, for unshare --mount inside), mount /proc, /sys,
#                             /dev (with /dev/pts, /dev/shm) into it; fresh_cleanup undoes it
#   fresh_chroot DIR CMD...   run CMD inside DIR as root, with a clean environment and a login-like PATH
#   fresh_cleanup DIR         unmount and remove DIR (safe to call twice; call it from an EXIT trap)
#
# Environment: SMTPCON_FRESH_CACHE (default /var/cache/smtpcon-fresh) holds bookworm.tar;
# SMTPCON_FRESH_MIRROR overrides the mirror (default: the first Debian bookworm source of the host's apt).
# Needs root (debootstrap, mount, chroot) and the debootstrap package.

FRESH_SUITE=bookworm
FRESH_CACHE=${SMTPCON_FRESH_CACHE:-/var/cache/smtpcon-fresh}

fresh_say() { printf '%s: %s\n' "${FRESH_WHO:-fresh}" "$*"; }

# The URIs of the host's apt sources (one-line and deb822 formats) that serve suite $1, first one first.
fresh_apt_uris() {
	local suite=$1 f
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -r "$f" ] || continue
		awk -v s="$suite" '$1 == "deb" { i = 2; if ($2 ~ /^\[/) while (i <= NF && $i !~ /\]$/) i++;
			if ($2 ~ /^\[/) i++; if ($(i+1) == s) print $i }' "$f"
	done
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -r "$f" ] || continue
		# deb822: paragraphs separated by blank lines; a paragraph with "Enabled: no" is off.
		awk -v s="$suite" 'BEGIN { RS = ""; FS = "\n" }
			{ uris = ""; suites = ""; types = ""; on = 1
			  for (i = 1; i <= NF; i++) {
				if ($i ~ /^#/) continue
				if ($i ~ /^URIs:/) { uris = $i; sub(/^URIs:[ \t]*/, "", uris) }
				if ($i ~ /^Suites:/) { suites = " " $i " "; sub(/^ Suites:/, "", suites) }
				if ($i ~ /^Types:/) types = $i
				if ($i ~ /^Enabled:[ \t]*no/) on = 0
			  }
			  if (on && types ~ /(^|[ \t])deb([ \t]|$)/ && suites ~ ("[ \t]" s "[ \t]")) {
				n = split(uris, u, /[ \t]+/); for (j = 1; j <= n; j++) if (u[j] != "") print u[j] } }' "$f"
	done
}

fresh_mirror() {
	if [ -n "${SMTPCON_FRESH_MIRROR:-}" ]; then
		printf '%s\n' "$SMTPCON_FRESH_MIRROR"
		return
	fi
	local m
	m=$(fresh_apt_uris "$FRESH_SUITE" | head -n1)
	if [ -z "$m" ]; then
		fresh_say "no Debian $FRESH_SUITE source in /etc/apt (set SMTPCON_FRESH_MIRROR)" >&2
		return 1
	fi
	printf '%s\n' "$m"
}

# The cached tarball of a just-debootstrapped root, made under a lock if it is not there yet.
fresh_tarball() {
	local tar=$FRESH_CACHE/$FRESH_SUITE.tar
	mkdir -p "$FRESH_CACHE"
	(
		flock -w 1800 9 || { fresh_say "timed out waiting for another run's debootstrap" >&2; exit 1; }
		[ -s "$tar" ] && exit 0
		command -v debootstrap >/dev/null || { fresh_say "debootstrap is not installed" >&2; exit 1; }
		local mirror security tmp
		mirror=$(fresh_mirror) || exit 1
		security=$(fresh_apt_uris "$FRESH_SUITE-security" | head -n1)
		tmp=$(mktemp -d "$FRESH_CACHE/debootstrap.XXXXXX")
		fresh_say "debootstrap --variant=minbase $FRESH_SUITE from the host's Debian mirror (once; cached in $tar)" >&2
		if ! debootstrap --variant=minbase "$FRESH_SUITE" "$tmp/root" "$mirror" >"$tmp/debootstrap.log" 2>&1; then
			tail -n 20 "$tmp/debootstrap.log" >&2
			rm -rf "$tmp"
			fresh_say "debootstrap failed" >&2
			exit 1
		fi
		# The sources a Debian 12 install has: the release, its updates and the security archive.
		{
			printf 'deb %s %s main\n' "$mirror" "$FRESH_SUITE"
			printf 'deb %s %s-updates main\n' "$mirror" "$FRESH_SUITE"
			[ -z "$security" ] || printf 'deb %s %s-security main\n' "$security" "$FRESH_SUITE"
		} >"$tmp/root/etc/apt/sources.list"
		rm -rf "$tmp/root/var/cache/apt/archives/"*.deb "$tmp/root/var/lib/apt/lists/"* 2>/dev/null || true
		tar -C "$tmp/root" -cf "$tar.part" . && mv "$tar.part" "$tar"
		rm -rf "$tmp"
	) 9>"$FRESH_CACHE/.lock"
	[ -s "$tar" ] && printf '%s\n' "$tar"
}

fresh_root_new() {
	local dir=$1 tar
	tar=$(fresh_tarball) || return 1
	mkdir -p "$dir"
	tar -C "$dir" -xf "$tar"
	# Name resolution for apt inside, as the host has it.
	cp -L /etc/resolv.conf "$dir/etc/resolv.conf" 2>/dev/null || true
}

fresh_mount() {
	local dir=$1
	# The root a mount point of its own (as arch-chroot does): `unshare --mount` inside makes every mount private
	# first, which fails with "cannot change root filesystem propagation" on a root that is a mere directory
	# (tests/integration/test-dane-posttls-finger runs in a namespace of its own).
	mount --bind "$dir" "$dir" && mount --make-private "$dir"
	mount -t proc proc "$dir/proc"
	mount --rbind /sys "$dir/sys" && mount --make-rslave "$dir/sys"
	mount --rbind /dev "$dir/dev" && mount --make-rslave "$dir/dev"
}

fresh_chroot() {
	local dir=$1
	shift
	chroot "$dir" /usr/bin/env -i HOME=/root TERM="${TERM:-xterm}" LANG=C.UTF-8 \
		PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@"
}

fresh_cleanup() {
	local dir=$1 m
	[ -n "$dir" ] && [ -d "$dir" ] || return 0
	# Whatever a test left running inside (tmux servers, private Exim/Postfix) holds the mounts: end it.
	for m in /proc/[0-9]*; do
		if [ "$(readlink "$m/root" 2>/dev/null)" = "$dir" ]; then
			kill -9 "${m#/proc/}" 2>/dev/null || true
		fi
	done
	for m in dev sys proc; do
		if mountpoint -q "$dir/$m"; then
			umount -R "$dir/$m" 2>/dev/null || umount -R -l "$dir/$m" || true
		fi
	done
	if mountpoint -q "$dir"; then
		umount "$dir" 2>/dev/null || umount -l "$dir" || true
	fi
	# Never delete through a mount that is still there.
	if grep -q " $dir[/ ]" /proc/self/mounts; then
		fresh_say "mounts remain under $dir; not removing it" >&2
		return 1
	fi
	rm -rf --one-file-system "$dir"
}
