#!/usr/bin/env bash
# Run make targets one after the other, time them and print a summary.
#
# usage: MAKE=make tests/utils/run-steps.sh STEP [STEP...] [-- STEP [STEP...]]
#
# Steps after `--` form a second lane that runs at the same time as the first, its
# output kept in a log that is printed once both lanes are done (the two matrix rows
# do not share files, and each keeps one core busy). Within a lane a failed step does
# not stop the later ones, except a failed first step, which they all depend on.
# The exit status is 1 when any step failed.
#
# When JSM_OPS_REPORT_DIR is set, the steps may leave files of one-line figures there
# (*.txt, a subdirectory per matrix row); the directory is emptied first and the
# figures are printed after the summary. A step that passed without checking what it is for
# (a runtime it needs is missing, say) leaves STEP.not-checked there, holding the reason:
# the summary lists it as "not checked" instead of "passed", which is not a failure, and prints
# the reason. Each step finds that file's path in JSM_OPS_NOT_CHECKED.
#
# JSM_OPS_NOTICE, when set, is a line printed at the top and again at the end of the run
# (whether the emulator validates against Atlassian's spec, say).
set -uo pipefail

make_cmd=${MAKE:-make}
lane1=()
lane2=()
while [ "$#" -gt 0 ] && [ "$1" != -- ]; do
    lane1+=("$1")
    shift
done
[ "$#" -eq 0 ] || shift
lane2=("$@")
if [ "${#lane1[@]}" -eq 0 ]; then
    echo "usage: $0 STEP [STEP...] [-- STEP [STEP...]]" >&2
    exit 2
fi

reports=${JSM_OPS_REPORT_DIR:-}
notice=${JSM_OPS_NOTICE:-}
if [ -n "$notice" ]; then
    echo "==== $notice ===="
fi
if [ -n "$reports" ]; then
    rm -rf "$reports"
    mkdir -p "$reports"
fi
workdir=$(mktemp -d "${TMPDIR:-/tmp}/run-steps.XXXXXX")
trap 'rm -rf "$workdir"' EXIT

# run_lane RESULTS STEP...: run the steps, appending "step result seconds" to RESULTS.
run_lane() {
    local results=$1 first=$2 step started result
    shift
    for step in "$@"; do
        echo
        echo "==== make $step ===="
        started=$SECONDS
        if JSM_OPS_NOT_CHECKED=${reports:+$reports/$step.not-checked} "$make_cmd" --no-print-directory "$step"; then
            result=passed
            if [ -n "$reports" ] && [ -f "$reports/$step.not-checked" ]; then
                result=not-checked
            fi
        else
            result=FAILED
        fi
        echo "$step $result $((SECONDS - started))" >>"$results"
        if [ "$result" = FAILED ] && [ "$step" = "$first" ]; then
            echo "- $first 0" >>"$results"
            break
        fi
    done
}

started=$SECONDS
lane2_pid=
if [ "${#lane2[@]}" -gt 0 ]; then
    echo "==== running in parallel, output shown at the end: ${lane2[*]} ===="
    run_lane "$workdir/lane2" "${lane2[@]}" >"$workdir/lane2.log" 2>&1 &
    lane2_pid=$!
fi
run_lane "$workdir/lane1" "${lane1[@]}"
if [ -n "$lane2_pid" ]; then
    wait "$lane2_pid"
    echo
    echo "==== output of the parallel lane: ${lane2[*]} ===="
    cat "$workdir/lane2.log"
fi

passed=0
failed=0
not_checked=0
not_checked_steps=()
echo
echo "==== summary ($((SECONDS - started))s) ===="
for lane in lane1 lane2; do
    [ -f "$workdir/$lane" ] || continue
    while read -r step result seconds; do
        if [ "$step" = - ]; then
            echo "  (later steps not run: they need '$result')"
            continue
        fi
        printf '  %-20s %-11s %5ss\n' "$step" "${result/-/ }" "$seconds"
        case "$result" in
            passed) passed=$((passed + 1)) ;;
            not-checked)
                not_checked=$((not_checked + 1))
                not_checked_steps+=("$step")
                ;;
            *) failed=$((failed + 1)) ;;
        esac
    done <"$workdir/$lane"
done
if [ -n "$reports" ]; then
    echo "==== figures ===="
    found=0
    while IFS= read -r file; do
        found=1
        row=$(dirname "${file#"$reports"/}")
        prefix="  "
        [ "$row" = . ] || prefix="  [$row] "
        sed "s|^|$prefix|" "$file"
    done < <(find "$reports" -name '*.txt' -type f -printf '%d %p\n' | sort -n -k1,1 -k2 | cut -d' ' -f2-)
    [ "$found" -eq 1 ] || echo "  (no step left figures)"
    if [ "$not_checked" -gt 0 ]; then
        echo "==== not checked, and why ===="
        for step in "${not_checked_steps[@]}"; do
            sort -u "$reports/$step.not-checked" | sed "s|^|  $step: |"
        done
    fi
fi
if [ -n "$notice" ]; then
    echo "==== $notice ===="
fi
echo "steps: $passed passed, $failed failed$([ "$not_checked" -eq 0 ] || echo ", $not_checked not checked")"
[ "$failed" -eq 0 ]
