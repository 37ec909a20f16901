# Shared by the GenApp bash templates. Sourced, not run.
# The GenApp kit calls every script as:  SCRIPT -t TAG -i ID
# with VIGIL_TAG, VIGIL_ID, VIGIL_NODE, VIGIL_ACTION, VIGIL_TIMEOUT_SECONDS and VIGIL_PARAM_<NAME>
# (one per resource parameter, upper-cased; secrets are NOT in the environment: the 'secret'
# parameter, if set, is the first line of standard input).
# Each script runs in its own process group; on timeout the whole group is killed.
# Whatever it prints (stdout and stderr, last ~2 KB) becomes the exit reason on failure.
set -u
while getopts "t:i:" opt; do
  case "$opt" in
    t) TAG="$OPTARG" ;;
    i) ID="$OPTARG" ;;
    *) echo "usage: $0 -t TAG -i ID" >&2; exit 2 ;;
  esac
done
: "${TAG:?-t TAG is required}" "${ID:?-i ID is required}"

# This sample protects one long-running command. Adapt these three lines to your application.
COMMAND="${VIGIL_PARAM_COMMAND:?parameter 'command' (the program to run) is required}"
# State is kept per node, so nodes that share a file system (the lab) never see each other's pid file.
STATE_DIR="${VIGIL_PARAM_STATE_DIR:-/run/vigil-genapp}/${VIGIL_NODE:-local}"
PIDFILE="$STATE_DIR/$TAG.pid"
LOGFILE="$STATE_DIR/$TAG.log"

# Prints the pid when the application runs, returns 1 otherwise.
running_pid() {
  [ -s "$PIDFILE" ] || return 1
  local pid; pid="$(cat "$PIDFILE")"
  kill -0 "$pid" 2>/dev/null || return 1
  # A zombie or a recycled pid is not our application.
  [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" != "Z" ] || return 1
  echo "$pid"
}
