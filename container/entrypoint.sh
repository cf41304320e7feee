#!/usr/bin/env bash
# remolt-entrypoint: the sandbox container's main command (installed as /usr/local/bin/remolt-entrypoint,
# run under tini as PID 1 by the image's ENTRYPOINT). Runs as user dev.
#
# It prepares the session, then starts the tmux session `main` detached and stays alive until SIGTERM:
#   1. git identity from GIT_USER_NAME / GIT_USER_EMAIL;
#   2. with GITHUB_TOKEN: a git credential helper for https://$GH_HOST (default github.com) that reads
#      $GITHUB_TOKEN from the environment when git asks (the token is never written to a file);
#      gh reads GITHUB_TOKEN by itself;
#   3. REPO_URL cloned into ~/workspace/<repo> (a failure is shown in the welcome text, not fatal);
#   4. ~/.tmux.conf written (unless the user replaced it);
#   5. tmux session `main` started in ~/workspace (or the clone), its first window printing the
#      welcome text (REMOLT_WELCOME) and then running a login shell;
#   6. the agent's setup command (REMOLT_AGENT_SETUP) run in the background as dev, in ~/workspace,
#      output to ~/.remolt/logs/setup.log and to the container's output, exit status to ~/.remolt/setup.status;
#   7. ~/.remolt/ready created and "remolt: ready" printed to the container log.
#
# The server attaches with: tmux new-session -A -s main   (as user dev; -A: attach if it exists,
# else create it). Extra terminal tabs are tmux windows of that session.
#
# Environment (all optional):
#   GIT_USER_NAME, GIT_USER_EMAIL   git identity
#   GITHUB_TOKEN                    GitHub token (git push over https, gh)
#   GH_HOST                         GitHub host for the credential helper (GitHub Enterprise); github.com
#   REPO_URL                        repository to clone (https://, ssh://, git@host:path, or owner/repo)
#   REMOLT_WELCOME                  text printed at the top of the first terminal window
#   REMOLT_AGENT                    agent id, for the default welcome text
#   REMOLT_AGENT_SETUP              shell command run once at start (bash -lc), e.g. a dashboard daemon
#   REMOLT_CLONE_TIMEOUT            seconds allowed for the clone; 600
set -uo pipefail

# Started as root (docker run -u 0, a runtime that ignores USER): drop to dev.
if [ "$(id -u)" = 0 ]; then
    export HOME=/home/dev USER=dev LOGNAME=dev
    cd /home/dev 2>/dev/null || true
    exec setpriv --reuid=1000 --regid=1000 --init-groups -- "$0" "$@"
fi

export USER="${USER:-$(id -un)}"
export LOGNAME="$USER"
if [ -z "${HOME:-}" ] || [ "$HOME" = / ]; then export HOME=/home/dev; fi
export SHELL=/bin/bash
WORKSPACE="$HOME/workspace"
STATE="$HOME/.remolt"
LOGS="$STATE/logs"
mkdir -p "$WORKSPACE" "$LOGS"
rm -f "$STATE/ready" "$STATE/setup.status"

log() { printf '%s remolt-entrypoint: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" | tee -a "$LOGS/entrypoint.log" >&2; }
redact() { sed -E 's#(://)[^/@]*@#\1***@#g'; }   # user:token@ in URLs
NOTES=()

# --- 1. git identity -------------------------------------------------------------------------
if [ -n "${GIT_USER_NAME:-}" ]; then git config --global user.name "$GIT_USER_NAME"; fi
if [ -n "${GIT_USER_EMAIL:-}" ]; then git config --global user.email "$GIT_USER_EMAIL"; fi
git config --global --get init.defaultBranch >/dev/null || git config --global init.defaultBranch main
# Single-user sandbox: files copied in by the server may belong to another uid.
git config --global --get-all safe.directory 2>/dev/null | grep -qx '\*' || git config --global --add safe.directory '*'

# --- 2. GitHub credentials, read from $GITHUB_TOKEN at use time ---------------------------------
GH_HOST_NAME="${GH_HOST:-github.com}"
if [ -n "${GITHUB_TOKEN:-}" ]; then
    # Like `gh auth setup-git`: an empty helper first resets helpers from other config files.
    # shellcheck disable=SC2016  # $1 and $GITHUB_TOKEN are expanded by git's shell, not here
    helper='!f() { test "$1" = get || exit 0; test -n "${GITHUB_TOKEN:-}" || exit 0; echo username=x-access-token; echo "password=${GITHUB_TOKEN}"; }; f'
    for host in "$GH_HOST_NAME" "gist.$GH_HOST_NAME"; do
        git config --global --unset-all "credential.https://$host.helper" 2>/dev/null || true
        git config --global --add "credential.https://$host.helper" ''
        git config --global --add "credential.https://$host.helper" "$helper"
    done
    log "git credential helper set for https://$GH_HOST_NAME (reads \$GITHUB_TOKEN)"
fi

# --- 3. clone --------------------------------------------------------------------------------
START_DIR="$WORKSPACE"
if [ -n "${REPO_URL:-}" ]; then
    url="$REPO_URL"
    shown="$(printf '%s' "$url" | redact)"
    case "$url" in
        -*) url="" ;;
        https://*|http://*|ssh://*|git://*|*@*:*) ;;
        *) if printf '%s' "$url" | grep -Eq '^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$'; then
               url="https://$GH_HOST_NAME/$url"
           else
               url=""
           fi ;;
    esac
    if [ -z "$url" ]; then
        NOTES+=("Could not clone $shown: not a repository URL (use https://..., git@host:owner/repo or owner/repo).")
        log "REPO_URL rejected: $shown"
    else
        name="${url%/}"; name="${name##*/}"; name="${name##*:}"; name="${name%.git}"
        name="$(printf '%s' "$name" | tr -c 'A-Za-z0-9._-' '_')"
        case "$name" in ''|.|..) name=repo ;; esac
        dest="$WORKSPACE/$name"
        if [ -d "$dest/.git" ]; then
            START_DIR="$dest"
            log "repository already present in $dest (container restarted)"
        else
            log "cloning $shown into $dest"
            if GIT_TERMINAL_PROMPT=0 GIT_SSH_COMMAND="ssh -o BatchMode=yes -o StrictHostKeyChecking=accept-new" \
                timeout "${REMOLT_CLONE_TIMEOUT:-600}" git clone --progress -- "$url" "$dest" \
                    >"$LOGS/clone.log" 2>&1 </dev/null; then
                START_DIR="$dest"
                NOTES+=("Cloned $shown into ~/workspace/$name.")
                log "clone done"
            else
                rc=$?
                why="$(grep -E 'fatal|error|denied|not found|Could not' "$LOGS/clone.log" | tail -n 2 | redact | tr '\n' ' ')"
                [ "$rc" = 124 ] && why="timed out after ${REMOLT_CLONE_TIMEOUT:-600}s"
                NOTES+=("Could not clone $shown: ${why:-git exited with $rc}" "(details: ~/.remolt/logs/clone.log)")
                rm -rf "$dest"
                log "clone failed ($rc): $why"
            fi
        fi
    fi
fi

# --- 4. tmux settings --------------------------------------------------------------------------
TMUX_MARK='# remolt-managed: delete this line to keep your own settings across restarts'
if [ ! -e "$HOME/.tmux.conf" ] || head -n 1 "$HOME/.tmux.conf" | grep -qxF "$TMUX_MARK"; then
    cat >"$HOME/.tmux.conf" <<EOF
$TMUX_MARK
set -g default-shell /bin/bash
set -g default-terminal "tmux-256color"
set -as terminal-features ",xterm-256color:RGB"
set -g history-limit 10000
set -g mouse on
set -sg escape-time 10
set -s set-clipboard on
set -g focus-events on
# Several browser viewers may attach: size windows to the most recently active one.
set -g window-size latest
setw -g aggressive-resize on
set -g base-index 0
set -g renumber-windows off
EOF
fi

# --- 5. welcome text and the tmux session --------------------------------------------------------
WELCOME_FILE="$STATE/welcome.txt"
{
    if [ -n "${REMOLT_WELCOME:-}" ]; then
        printf '%s\n' "$REMOLT_WELCOME"
    else
        has_sudo=""
        if sudo -n true 2>/dev/null; then has_sudo=", sudo"; fi
        printf 'Remolt sandbox%s. git, gh, node %s, tmux%s are installed.\n' \
            "${REMOLT_AGENT:+ ($REMOLT_AGENT)}" "$(node --version 2>/dev/null)" "$has_sudo"
    fi
    if [ -n "${REMOLT_AGENT_SETUP:-}" ]; then
        printf 'Agent setup is running in the background: ~/.remolt/logs/setup.log\n'
    fi
    for n in "${NOTES[@]}"; do printf '%s\n' "$n"; done
} >"$WELCOME_FILE"

# Keep the session's environment free of the entrypoint's own inputs.
AGENT_SETUP="${REMOLT_AGENT_SETUP:-}"
unset REMOLT_WELCOME REMOLT_AGENT_SETUP

cd "$START_DIR" || cd "$WORKSPACE" || exit 1
if ! tmux has-session -t main 2>/dev/null; then
    if ! tmux new-session -d -s main -c "$START_DIR" "cat '$WELCOME_FILE'; echo; exec bash -l"; then
        log "tmux new-session failed"
        exit 1
    fi
fi
log "tmux session main started in $START_DIR"

# --- 6. agent setup --------------------------------------------------------------------------
SETUP_PID=""
if [ -n "$AGENT_SETUP" ]; then
    log "running agent setup (log: $LOGS/setup.log)"
    (
        cd "$WORKSPACE" || exit 1
        # Also on the container's output (the pod log, which the Kubernetes Logs tab reads). tee
        # runs beside it, so the status below is the setup's own, taken when bash ends, even if a
        # daemon it started still writes to its output.
        bash -lc "$AGENT_SETUP" > >(tee -a "$LOGS/setup.log") 2>&1 </dev/null
        rc=$?
        echo "$rc" >"$STATE/setup.status"
        echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) remolt-entrypoint: agent setup exited with $rc" >>"$LOGS/entrypoint.log"
    ) &
    SETUP_PID=$!
fi

# --- 7. ready; stay alive until SIGTERM ------------------------------------------------------
touch "$STATE/ready"
echo "remolt: ready"

stop() {
    log "signal received: stopping"
    tmux kill-server 2>/dev/null || true
    if [ -n "$SETUP_PID" ]; then kill "$SETUP_PID" 2>/dev/null || true; fi
    exit 0
}
trap stop TERM INT HUP QUIT
while :; do
    sleep infinity &
    wait $!
done
