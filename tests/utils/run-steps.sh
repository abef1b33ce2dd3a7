#!/usr/bin/env bash
# Run make targets one after the other, time them and print a summary.
# A failed step does not stop the later ones (except a failed first step, which
# they all depend on); the exit status is 1 when any step failed.
#
# When JSM_OPS_REPORT_DIR is set, the steps may leave files of one-line figures there
# (*.txt); the directory is emptied first and the figures are printed after the summary.
#
# usage: MAKE=make tests/utils/run-steps.sh STEP [STEP...]
set -uo pipefail

reports=${JSM_OPS_REPORT_DIR:-}
if [ -n "$reports" ]; then
    rm -rf "$reports"
    mkdir -p "$reports"
fi

make_cmd=${MAKE:-make}
summary=()
passed=0
failed=0
started=$SECONDS
first=$1

for step in "$@"; do
    echo
    echo "==== make $step ===="
    step_started=$SECONDS
    if "$make_cmd" --no-print-directory "$step"; then
        result=passed
        passed=$((passed + 1))
    else
        result=FAILED
        failed=$((failed + 1))
    fi
    summary+=("$(printf '  %-12s %-7s %5ss' "$step" "$result" "$((SECONDS - step_started))")")
    if [ "$result" = FAILED ] && [ "$step" = "$first" ]; then
        summary+=("  (later steps not run: they need '$first')")
        break
    fi
done

echo
echo "==== summary ($((SECONDS - started))s) ===="
printf '%s\n' "${summary[@]}"
if [ -n "$reports" ]; then
    echo "==== figures ===="
    # One file per suite; a subdirectory holds another matrix row's figures.
    found=0
    while IFS= read -r file; do
        found=1
        row=$(dirname "${file#"$reports"/}")
        prefix="  "
        [ "$row" = . ] || prefix="  [$row] "
        sed "s|^|$prefix|" "$file"
    done < <(find "$reports" -name '*.txt' -type f | sort)
    [ "$found" -eq 1 ] || echo "  (no step left figures)"
fi
echo "steps: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
