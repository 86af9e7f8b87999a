#!/usr/bin/env bash
# Set up and build smtpcon on Debian 12: install (as root, with apt-get) whatever build or test dependency is
# missing, then configure and build. Idempotent: a second run installs nothing and only rebuilds.
#
#   bash tests/setup.sh [CMAKE-ARGS...]      e.g. bash tests/setup.sh -DSMTPCON_WERROR=ON
#   BUILD_DIR=build-asan bash tests/setup.sh -DSMTPCON_SANITIZE=ON
#
# Extra arguments go to `cmake -S . -B $BUILD_DIR`. BUILD_DIR defaults to "build" (relative to the source tree).
set -euo pipefail

# The one list of Debian packages the project needs, and why.
PACKAGES=(
	build-essential     # C compiler, make, libc headers
	cmake               # the build system (>= 3.20)
	pkg-config          # finds gnutls, ncursesw, libidn2
	gettext             # msgfmt builds the translations (po/*.po -> .mo); xgettext/msgmerge: po/update, po/check
	locales             # locale-gen: the pt_BR, pt_PT and fr_FR UTF-8 locales the cross-language tests run in
	libgnutls28-dev     # TLS, X.509, base64/hashes
	libncurses-dev      # the console's terminal UI (ncursesw)
	libidn2-dev         # internationalised host names (IDNA2008/UTS#46)
	libgsasl-dev        # GNU SASL: the AUTH mechanisms (SCRAM-SHA-256[-PLUS], DIGEST-MD5, CRAM-MD5, PLAIN, LOGIN)
	libgmime-3.0-dev    # builds and parses MIME messages (--attach, --header, /attach, the lab's /mailbox)
	python3             # Debian's /usr/bin/python3: its email package reads delivered MIME messages independently
	gnutls-bin          # certtool: the test certificates
	exim4-daemon-light  # the real SMTP server of the integration tests
	dovecot-core        # Dovecot's SASL service behind the private Postfix: AUTH tests (DIGEST-MD5, SCRAM, ...)
	swaks               # reference client, to check the Exim harness by hand
	libnet-ssleay-perl  # swaks' STARTTLS support
	curl                # a real SMTP client for the listen-mode tests (STARTTLS, AUTH, a wrong trust store)
	msmtp               # real SMTP clients for the listen-mode client matrix (tests/integration/test-listen-clients-*):
	s-nail              #   msmtp and s-nail as users configure them; Python's smtplib comes with python3
	tmux                # drives the TUI tests
	zsh                 # the zsh completion tests (tests/completion)
	dnsmasq-base        # a private DNS server for the /mx tests
	libunbound-dev      # the validating DNS resolver (DNSSEC: MX, A/AAAA, TLSA for DANE), in process
	libcurl4-gnutls-dev # the one HTTP client: MTA-STS policies over HTTPS (GnuTLS flavour, like the rest)
	libevent-dev        # only so pkg-config accepts libunbound.pc (Debian 12 names libevent in its Requires.private)
	dns-root-data       # the DNSSEC root trust anchor libunbound starts from (/usr/share/dns/root.key)
	ldnsutils           # ldns-keygen, ldns-signzone, drill: the DANE tests' private signed zone
	nsd                 # the authoritative DNS server that serves it on loopback
	unbound             # a validating recursive resolver over that zone, for posttls-finger (libc resolver, AD bit)
	openssl             # s_server -WWW: the MTA-STS tests' private HTTPS server for the policy file
	libdb5.3 libicu72 libnsl2 libsasl2-2 libssl3  # the privately unpacked Postfix's libraries (it conflicts with exim4)
	iproute2            # ss: find free ports for private servers
	ca-certificates     # the system trust store smtpcon verifies against
	jq                  # the integration tests read the JSON Lines events
	time                # /usr/bin/time: peak memory of the hostile-server tests
	clang               # fuzz builds (-DSMTPCON_FUZZ=ON; CI fuzzes every harness, tests/fuzz/run)
	libclang-rt-14-dev  # clang's libFuzzer and sanitizer runtimes (only "recommended" by clang, so named here)
	clang-tidy cppcheck # static checks (tests/static/run; CI runs them)
	dpkg-dev debhelper  # build the Debian package (debian/; tests/package/run: dpkg-buildpackage)
	lintian             # checks that package (tests/package/run)
	debootstrap         # the fresh Debian 12 root of tests/package/run and tests/fresh/run
	git                 # those two copy the tree with git
	man-db              # man and lexgrog: the translated man pages are found by `man -L LANG` and parse (tests/docs)
)

say() { printf 'setup: %s\n' "$*"; }

cd "$(dirname "$0")/.."
SRC_DIR=$PWD
BUILD_DIR=${BUILD_DIR:-build}

# Which packages are not installed yet?
missing=()
for p in "${PACKAGES[@]}"; do
	if [ "$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null)" != "ii " ]; then
		missing+=("$p")
	fi
done

if [ ${#missing[@]} -gt 0 ]; then
	if [ "$(id -u)" -ne 0 ]; then
		say "missing packages: ${missing[*]}"
		say "run this script as root (or: apt-get install ${missing[*]})"
		exit 1
	fi
	say "installing: ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	# Package scripts must not start daemons (exim4 would bind port 25): a policy-rc.d that says "no",
	# only if the machine has none of its own, removed again afterwards.
	policy=/usr/sbin/policy-rc.d
	added_policy=
	cleanup() { if [ -n "$added_policy" ]; then rm -f "$policy"; fi; }
	trap cleanup EXIT
	# Two setups at once (e.g. two build directories) would collide on apt's locks; apt's own lock timeout
	# does not cover `apt-get update`, so serialise the whole install.
	mkdir -p /run/lock
	exec 9>/run/lock/smtpcon-setup.lock
	flock -w 900 9 || { say "timed out waiting for another setup's apt-get"; exit 1; }
	if [ ! -e "$policy" ]; then
		printf '#!/bin/sh\nexit 101\n' >"$policy"
		chmod 755 "$policy"
		added_policy=1
	fi
	say "apt-get update"
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends -o Dpkg::Use-Pty=0 "${missing[@]}" >/dev/null
	cleanup
	added_policy=
	exec 9>&-
	say "installed ${#missing[@]} package(s)"
else
	say "all ${#PACKAGES[@]} packages present"
fi

# The integration tests unpack Postfix privately (`apt-get download`; it conflicts with exim4-daemon-light),
# which needs a package index even when nothing above was missing (images often ship without one).
if [ "$(id -u)" = 0 ] && [ ! -x /var/cache/smtpcon/postfix/usr/lib/postfix/sbin/master ] &&
	! apt-cache policy postfix 2>/dev/null | grep -q 'Candidate: [0-9]'; then
	say "apt-get update (for the privately unpacked Postfix of the tests)"
	mkdir -p /run/lock
	( flock -w 900 9 && apt-get update -qq ) 9>/run/lock/smtpcon-setup.lock || say "apt-get update failed"
fi

# The languages smtpcon speaks, as locales (tests/i18n runs each one; LC_ALL=fr_FR.UTF-8 needs the locale to
# exist, or glibc falls back to C and gettext ignores the catalog). Quick when they are already there.
LOCALES=(pt_BR.UTF-8 pt_PT.UTF-8 fr_FR.UTF-8)
have_locale() { locale -a 2>/dev/null | grep -qix "$(printf '%s' "$1" | sed 's/UTF-8/utf8/I')"; }
need_locales=()
for l in "${LOCALES[@]}"; do have_locale "$l" || need_locales+=("$l"); done
if [ ${#need_locales[@]} -gt 0 ]; then
	if [ "$(id -u)" -ne 0 ]; then
		say "missing locales: ${need_locales[*]} (run this script as root, or enable them in /etc/locale.gen and run locale-gen)"
	else
		say "generating locales: ${need_locales[*]}"
		[ -e /etc/locale.gen ] || : >/etc/locale.gen
		for l in "${need_locales[@]}"; do
			# Uncomment the line if it is there (Debian ships them commented), else add it.
			if grep -qE "^# *$l UTF-8\$" /etc/locale.gen; then
				sed -i -E "s/^# *($l UTF-8)\$/\1/" /etc/locale.gen
			elif ! grep -qE "^$l UTF-8\$" /etc/locale.gen; then
				printf '%s UTF-8\n' "$l" >>/etc/locale.gen
			fi
		done
		locale-gen >/dev/null || say "locale-gen failed"
	fi
fi

say "cmake -S $SRC_DIR -B $BUILD_DIR${*:+ $*}"
mkdir -p "$BUILD_DIR"
if ! cmake -S . -B "$BUILD_DIR" "$@" >"$BUILD_DIR/setup-cmake.log" 2>&1; then
	cat "$BUILD_DIR/setup-cmake.log"
	say "cmake configure failed"
	exit 1
fi
say "cmake --build $BUILD_DIR -j$(nproc)"
if ! cmake --build "$BUILD_DIR" -j"$(nproc)" >"$BUILD_DIR/setup-build.log" 2>&1; then
	cat "$BUILD_DIR/setup-build.log"
	say "build failed (log: $BUILD_DIR/setup-build.log)"
	exit 1
fi
# Warnings are worth seeing even when they are not errors.
grep -A3 'warning:' "$BUILD_DIR/setup-build.log" || true
if [ -x "$BUILD_DIR/smtpcon" ]; then
	say "built $BUILD_DIR/smtpcon"
else
	say "warning: the build did not produce $BUILD_DIR/smtpcon"
fi
