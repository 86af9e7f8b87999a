#!/usr/bin/env bash
# The test command: set up and build (tests/setup.sh), then run the whole suite with ctest.
#
#   bash tests/run.sh [CMAKE-ARGS...] [-- CTEST-ARGS...]
#   bash tests/run.sh -DSMTPCON_WERROR=ON
#   BUILD_DIR=build-asan bash tests/run.sh -DSMTPCON_SANITIZE=ON
#   bash tests/run.sh -- -L integration          (only the integration tests)
#
# Every integration test starts its own private servers on ports it picks, with its own directories under
# $BUILD_DIR/tests/run/<test>/, so tests run in parallel (CTEST_JOBS, default: the number of CPUs).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}

cmake_args=()
ctest_args=()
while [ $# -gt 0 ]; do
	if [ "$1" = "--" ]; then
		shift
		ctest_args=("$@")
		break
	fi
	cmake_args+=("$1")
	shift
done

# A test that fails is run once more before the suite counts as failed, as in CI: two cores carry ~175 tests,
# many driving tmux or real servers with waits; a failure that comes back is still a failure.
case " ${ctest_args[*]} " in *" --repeat "*) ;; *) ctest_args+=(--repeat until-pass:2) ;; esac

BUILD_DIR=$BUILD_DIR bash tests/setup.sh "${cmake_args[@]}"
jobs=${CTEST_JOBS:-$(nproc)}
printf 'run: ctest --test-dir %s -j%s --output-on-failure %s\n' "$BUILD_DIR" "$jobs" "${ctest_args[*]}"
exec ctest --test-dir "$BUILD_DIR" -j"$jobs" --output-on-failure "${ctest_args[@]}"
