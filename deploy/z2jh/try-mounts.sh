#!/usr/bin/env bash
# Try the one-user mode of deploy/z2jh/values.yaml on one Linux machine, without Kubernetes:
# every "server" runs as uid 1000 (as jovyan does), the supervisor's sees the whole exchange
# volume, a trainee's only what the hub's exchange hook mounts (the roster read-only and
# their own folder, bound into a private mount namespace, mount points made by root as a
# container runtime makes them). Then T01 submits, cannot act as T02 nor change the roster,
# the supervisor collects and returns feedback, and T01 reads it.
#
# Run as root from the top folder of a vigkit checkout:  sudo bash deploy/z2jh/try-mounts.sh
# (PY names the Python with the kit's dependencies, default python3; KIT another checkout).
# Needs unshare and setpriv (util-linux).
set -euo pipefail
cd "$(dirname "$0")/../.."
KIT=${KIT:-$PWD} # the checkout whose kit is tried (default: this one)
PY=${PY:-python3}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
chmod 755 "$WORK"
cd "$WORK"
export PYTHONPATH=$KIT VIGKIT_COURSE_DIR=$KIT HOME=$WORK
AS=(setpriv --reuid 1000 --regid 100 --clear-groups)
VOLUME=$WORK/volume                        # the exchange volume, as the supervisor sees it
VIEW=$WORK/trainee/srv/vigkit/exchange     # the exchange, as T01's server sees it
install -d -o 1000 -g 100 "$VOLUME"
printf 'course: vig-2027\nexchange: %s\n' "$VOLUME" > supervisor.yaml
printf 'course: vig-2027\nexchange: %s\n' "$VIEW" > trainee.yaml
for who in T01 T02; do
    sed "s/P-demo/$who/g" "$KIT/examples/demo-workspace/codings/toddler-blocks/P-demo.csv" > "$who.csv"
done
chmod 644 ./*.yaml ./*.csv

as_supervisor() { JUPYTERHUB_USER=supervisor1 "${AS[@]}" "$PY" -m vigkit "$@"; }
as_trainee() {
    # shellcheck disable=SC2016  # the inner shell expands "$1", "$2" and "$@" itself
    unshare -m sh -c '
        set -e
        mount --bind "$1/vig-2027/course.yaml" "$2/vig-2027/course.yaml"
        mount -o remount,bind,ro "$2/vig-2027/course.yaml"
        mount --bind "$1/vig-2027/people/T01" "$2/vig-2027/people/T01"
        shift 2
        exec "$@"' sh "$VOLUME" "$VIEW" \
        env JUPYTERHUB_USER=trainee1 VIGKIT_WORKSPACE="$WORK/ws" "${AS[@]}" "$@"
}

echo "== the supervisor makes the course and each trainee's folder"
as_supervisor cohort create vig-2027 --exchange "$VOLUME" --supervisor S01 \
    --trainee T01 --trainee T02 > /dev/null
"${AS[@]}" mkdir -p "$VOLUME/vig-2027/people/T01" "$VOLUME/vig-2027/people/T02"
mkdir -p "$VIEW/vig-2027/people/T01"
touch "$VIEW/vig-2027/course.yaml"

echo "== T01 submits a coding"
as_trainee "$PY" -m vigkit cohort submit coding toddler-blocks --coder T01 --file T01.csv \
    --settings trainee.yaml
echo "== T01 tries to submit as T02 (refused)"
if as_trainee "$PY" -m vigkit cohort submit coding toddler-blocks --coder T02 --file T02.csv \
    --settings trainee.yaml; then
    echo "FAILED: T01 could submit as T02"; exit 1
fi
echo "== T01 tries to change the roster (refused)"
if as_trainee sh -c "echo x >> '$VIEW/vig-2027/course.yaml'"; then
    echo "FAILED: T01 could change the roster"; exit 1
fi
echo "== what T01's server holds"
as_trainee find "$VIEW" -mindepth 1 -maxdepth 3
echo "== the supervisor collects and returns feedback"
as_supervisor cohort collect --supervisor S01 --settings supervisor.yaml
submission=$(ls "$VOLUME/vig-2027/people/T01/submissions")
as_supervisor cohort feedback send "$submission" --supervisor S01 --note "Lovely waiting" \
    --settings supervisor.yaml
echo "== T01 reads the feedback"
as_trainee "$PY" -m vigkit cohort feedback show --coder T01 --settings trainee.yaml | grep "Lovely waiting"
echo "OK: one-user mode keeps T01 to their own folder"
